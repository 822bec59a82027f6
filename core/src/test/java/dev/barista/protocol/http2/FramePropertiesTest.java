package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.concat;
import static dev.barista.protocol.http2.FrameBytes.frames;
import static dev.barista.protocol.http2.FrameBytes.int32;
import static dev.barista.protocol.http2.FrameBytes.padded;
import static dev.barista.protocol.http2.FrameBytes.priorityFields;
import static dev.barista.protocol.http2.FrameBytes.write;
import static dev.barista.protocol.http2.Http2.CONTINUATION;
import static dev.barista.protocol.http2.Http2.DATA;
import static dev.barista.protocol.http2.Http2.DEFAULT_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.END_HEADERS;
import static dev.barista.protocol.http2.Http2.END_STREAM;
import static dev.barista.protocol.http2.Http2.GOAWAY;
import static dev.barista.protocol.http2.Http2.HEADERS;
import static dev.barista.protocol.http2.Http2.MAX_WINDOW;
import static dev.barista.protocol.http2.Http2.PADDED;
import static dev.barista.protocol.http2.Http2.PRIORITY;
import static dev.barista.protocol.http2.Http2.PRIORITY_FLAG;
import static dev.barista.protocol.http2.Http2.PUSH_PROMISE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.http2.EmbeddedFrameReader.Outcome;
import dev.barista.protocol.http2.EmbeddedFrameReader.Storage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the reader and writer over generated input:
 * <ol>
 *   <li>any sequence of valid frames (made by {@link FrameWriter}, or by hand for the shapes it does not write:
 *       padding, priority fields, PUSH_PROMISE, unknown types and flags) reads back to exactly what was written,
 *       whatever the fragmentation, buffer kind and frame budget;</li>
 *   <li>arbitrary bytes, frame-shaped noise and mutated valid frames give only frames or an {@link Http2Exception}
 *       (never another exception), and the same answer whatever the fragmentation;</li>
 *   <li>the reader never reads outside {@code [position, limit)}: the poison around the unread bytes, and where they
 *       sit in which kind of buffer, change nothing (the harness also checks the position on every call).</li>
 * </ol>
 */
class FramePropertiesTest {

    /** Wire bytes and the lines the reader must make of them. */
    record Generated(byte[] wire, List<String> lines) {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(wire);
        }
    }

    // ---- (1) valid frames ---------------------------------------------------------------------------------------

    @Property(tries = 500)
    void validFramesReadBackWhateverTheFragmentation(
            @ForAll("validSequences") List<Generated> sequence,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 40) Integer> pieces,
            @ForAll Storage storage,
            @ForAll @IntRange(min = 0, max = 3) int framesPerCall,
            @ForAll boolean compact) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (Generated g : sequence) {
            wire.writeBytes(g.wire());
            expected.addAll(g.lines());
        }
        Outcome outcome = EmbeddedFrameReader.readInPieces(DEFAULT_MAX_FRAME_SIZE, wire.toByteArray(), pieces, storage,
                (byte) 0xff, compact, framesPerCall);
        assertThat(outcome.events()).isEqualTo(expected);
        assertThat(outcome.leftover()).isZero();
        Statistics.collect(expected.size() < 4 ? "few frames" : "4 or more frames");
    }

    @Provide
    Arbitrary<List<Generated>> validSequences() {
        return validFrame().list().ofMaxSize(12);
    }

    private Arbitrary<Generated> validFrame() {
        return Arbitraries.oneOf(data(), paddedData(), headerBlock(), headersByHand(), priority(), rstStream(),
                settings(), settingsAck(), ping(), goAway(), windowUpdate(), pushPromise(), continuation(), unknown());
    }

    private static Arbitrary<Integer> streamIds() {
        return Arbitraries.integers().between(1, MAX_WINDOW);
    }

    private static Arbitrary<byte[]> payloads(int maxSize) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxSize);
    }

    /** Any flags: the reader must ignore the ones a frame type does not define. */
    private static Arbitrary<Integer> flags() {
        return Arbitraries.integers().between(0, 0xff);
    }

    /** -1 for no padding (PADDED clear), else the Pad Length. */
    private static Arbitrary<Integer> padLengths() {
        return Arbitraries.integers().between(-1, 20);
    }

    private static int withPadding(int flags, int padLength) {
        return padLength < 0 ? flags & ~PADDED : flags | PADDED;
    }

    private static byte[] maybePadded(int padLength, byte[] rest) {
        return padLength < 0 ? rest : padded(padLength, rest);
    }

    private static Arbitrary<Generated> data() {
        return Combinators.combine(streamIds(), payloads(50), Arbitraries.of(true, false)).as((id, payload, end) ->
                new Generated(concat(write(FrameWriter.dataHeaderSize(),
                        out -> FrameWriter.dataHeader(out, id, payload.length, end)), payload),
                        List.of(FrameLines.data(id, payload, payload.length, end))));
    }

    private static Arbitrary<Generated> paddedData() {
        return Combinators.combine(streamIds(), payloads(50), padLengths(), flags()).as((id, payload, pad, f) -> {
            int flags = withPadding(f, pad);
            byte[] framePayload = maybePadded(pad, payload);
            return new Generated(frames().frame(DATA, flags, id, framePayload).bytes(),
                    List.of(FrameLines.data(id, payload, framePayload.length, (flags & END_STREAM) != 0)));
        });
    }

    private static Arbitrary<Generated> headerBlock() {
        return Combinators.combine(streamIds(), payloads(80), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 40)).as((id, block, end, max) ->
                new Generated(write(FrameWriter.headersSize(block.length, max),
                        out -> FrameWriter.headers(out, id, block, 0, block.length, end, max)),
                        FrameLines.headerBlock(id, block, end, max)));
    }

    private static Arbitrary<Generated> headersByHand() {
        Arbitrary<byte[]> priority = Combinators.combine(Arbitraries.integers().between(0, MAX_WINDOW),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, 256))
                .as(FrameBytes::priorityFields).injectNull(0.5);
        return Combinators.combine(streamIds(), payloads(40), padLengths(), priority, flags())
                .as((id, fragment, pad, fields, f) -> {
                    int flags = withPadding(fields == null ? f & ~PRIORITY_FLAG : f | PRIORITY_FLAG, pad);
                    byte[] rest = fields == null ? fragment : concat(fields, fragment);
                    return new Generated(frames().frame(HEADERS, flags, id, maybePadded(pad, rest)).bytes(),
                            List.of(FrameLines.headers(id, fragment, (flags & END_HEADERS) != 0,
                                    (flags & END_STREAM) != 0)));
                });
    }

    private static Arbitrary<Generated> priority() {
        return Combinators.combine(streamIds(), Arbitraries.integers().between(0, MAX_WINDOW),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, 256), flags())
                .as((id, dependsOn, exclusive, weight, f) -> new Generated(
                        frames().frame(PRIORITY, f, id, priorityFields(dependsOn, exclusive, weight)).bytes(),
                        List.of(FrameLines.priority(id, dependsOn, exclusive, weight))));
    }

    private static Arbitrary<Generated> rstStream() {
        return Combinators.combine(streamIds(), Arbitraries.integers()).as((id, code) -> new Generated(
                write(FrameWriter.rstStreamSize(), out -> FrameWriter.rstStream(out, id, code)),
                List.of(FrameLines.rstStream(id, code))));
    }

    private static Arbitrary<Generated> settings() {
        Arbitrary<Long> any = Arbitraries.longs().between(0, 0xffff_ffffL).injectNull(0.5);
        Arbitrary<Long> flag = Arbitraries.longs().between(0, 1).injectNull(0.5);
        Arbitrary<Long> windows = Arbitraries.longs().between(0, MAX_WINDOW).injectNull(0.5);
        Arbitrary<Long> frameSizes = Arbitraries.longs().between(DEFAULT_MAX_FRAME_SIZE, Http2.MAX_MAX_FRAME_SIZE)
                .injectNull(0.5);
        return Combinators.combine(any, flag, any, windows, frameSizes, any, flag)
                .as((table, push, streams, window, frame, list, noPriorities) -> {
                    Settings s = new Settings();
                    Long[] values = {table, push, streams, window, frame, list, null, null, noPriorities};
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] != null) s.set(i + 1, values[i]);
                    }
                    return new Generated(write(FrameWriter.settingsSize(s), out -> FrameWriter.settings(out, s)),
                            List.of(FrameLines.settings(false, s)));
                });
    }

    private static Arbitrary<Generated> settingsAck() {
        return Arbitraries.just(new Generated(write(FrameWriter.settingsAckSize(), FrameWriter::settingsAck),
                List.of(FrameLines.settings(true, new Settings()))));
    }

    private static Arbitrary<Generated> ping() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.longs()).as((ack, data) -> new Generated(
                write(FrameWriter.pingSize(), out -> FrameWriter.ping(out, ack, data)),
                List.of(FrameLines.ping(ack, data))));
    }

    private static Arbitrary<Generated> goAway() {
        return Combinators.combine(Arbitraries.integers().between(0, MAX_WINDOW), Arbitraries.integers(), payloads(30))
                .as((last, code, debug) -> new Generated(debug.length == 0
                        ? write(FrameWriter.goAwaySize(), out -> FrameWriter.goAway(out, last, code))
                        : frames().frame(GOAWAY, 0, 0, concat(int32(last), int32(code), debug)).bytes(),
                        List.of(FrameLines.goAway(last, code, debug))));
    }

    private static Arbitrary<Generated> windowUpdate() {
        return Combinators.combine(Arbitraries.integers().between(0, MAX_WINDOW),
                Arbitraries.integers().between(1, MAX_WINDOW)).as((id, increment) -> new Generated(
                write(FrameWriter.windowUpdateSize(), out -> FrameWriter.windowUpdate(out, id, increment)),
                List.of(FrameLines.windowUpdate(id, increment))));
    }

    private static Arbitrary<Generated> pushPromise() {
        return Combinators.combine(streamIds(), streamIds(), payloads(40), padLengths(), flags())
                .as((id, promised, fragment, pad, f) -> {
                    int flags = withPadding(f, pad);
                    byte[] rest = concat(int32(promised), fragment);
                    return new Generated(frames().frame(PUSH_PROMISE, flags, id, maybePadded(pad, rest)).bytes(),
                            List.of(FrameLines.pushPromise(id, promised, fragment, (flags & END_HEADERS) != 0)));
                });
    }

    private static Arbitrary<Generated> continuation() {
        return Combinators.combine(streamIds(), payloads(40), flags()).as((id, fragment, flags) -> new Generated(
                frames().frame(CONTINUATION, flags, id, fragment).bytes(),
                List.of(FrameLines.continuation(id, fragment, (flags & END_HEADERS) != 0))));
    }

    private static Arbitrary<Generated> unknown() {
        return Combinators.combine(Arbitraries.integers().between(0xa, 0xff), flags(), Arbitraries.integers(),
                payloads(40)).as((type, flags, streamField, payload) -> new Generated(
                frames().header(payload.length, type, flags, streamField).raw(payload).bytes(),
                List.of(FrameLines.unknown(type, flags, streamField & MAX_WINDOW, payload))));
    }

    // ---- (2) and (3) noise --------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void noiseGivesFramesOrAnHttp2ExceptionTheSameWhateverTheFragmentation(
            @ForAll("noise") byte[] input,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 30) Integer> pieces,
            @ForAll Storage storage,
            @ForAll @IntRange(min = 0, max = 3) int framesPerCall,
            @ForAll boolean compact,
            @ForAll byte poison) {
        // Any exception but Http2Exception escapes the harness and fails the property.
        Outcome whole = EmbeddedFrameReader.readInPieces(DEFAULT_MAX_FRAME_SIZE, input, List.of(), Storage.HEAP,
                (byte) 0xff, true, 0);
        Outcome other = EmbeddedFrameReader.readInPieces(DEFAULT_MAX_FRAME_SIZE, input, pieces, storage, poison,
                compact, framesPerCall);
        assertThat(other.describe()).isEqualTo(whole.describe());
        Outcome byteByByte = EmbeddedFrameReader.readInPieces(DEFAULT_MAX_FRAME_SIZE, input, List.of(1), Storage.HEAP,
                (byte) (~poison), !compact, 0);
        assertThat(byteByByte.describe()).isEqualTo(whole.describe());
        String last = whole.events().isEmpty() ? "nothing" : whole.events().getLast();
        Statistics.collect(whole.closed() ? last : whole.hasError() ? "stream error" : "frames");
    }

    @Provide
    Arbitrary<byte[]> noise() {
        return Arbitraries.oneOf(
                payloads(120),
                frameShaped().list().ofMaxSize(8).map(list -> concat(list.toArray(byte[][]::new))),
                validSequences().flatMap(sequence -> mutated(wireOf(sequence))));
    }

    /** A frame header with a plausible length (or not) and a payload that may or may not match it. */
    private static Arbitrary<byte[]> frameShaped() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 24)),
                Tuple.of(1, Arbitraries.integers().between(DEFAULT_MAX_FRAME_SIZE - 2,
                        DEFAULT_MAX_FRAME_SIZE + 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xff_ffff)));
        Arbitrary<Integer> streamField = Arbitraries.oneOf(Arbitraries.of(0, 1, 3, 0x8000_0000, 0x8000_0001),
                Arbitraries.integers());
        return Combinators.combine(length, Arbitraries.integers().between(0, 12), flags(), streamField, payloads(24))
                .as((len, type, flags, stream, payload) ->
                        frames().header(len, type, flags, stream).raw(payload).bytes());
    }

    private static byte[] wireOf(List<Generated> sequence) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (Generated g : sequence) wire.writeBytes(g.wire());
        return wire.toByteArray();
    }

    /** The bytes with one to four bytes replaced, deleted or inserted. */
    private static Arbitrary<byte[]> mutated(byte[] wire) {
        Arbitrary<int[]> mutation = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, Math.max(0, wire.length)), Arbitraries.integers().between(0, 255))
                .as((kind, at, value) -> new int[] {kind, at, value});
        return mutation.list().ofMinSize(1).ofMaxSize(4).map(mutations -> {
            byte[] b = wire;
            for (int[] m : mutations) b = mutate(b, m[0], m[1], (byte) m[2]);
            return b;
        });
    }

    private static byte[] mutate(byte[] b, int kind, int at, byte value) {
        if (b.length == 0) return new byte[] {value};
        int i = at % b.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, i);
        switch (kind) {
            case 0 -> out.write(value); // replace
            case 1 -> { } // delete
            default -> {
                out.write(value); // insert
                out.write(b[i]);
            }
        }
        out.write(b, i + 1, b.length - i - 1);
        return out.toByteArray();
    }
}
