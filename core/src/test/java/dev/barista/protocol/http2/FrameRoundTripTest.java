package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.bytes;
import static dev.barista.protocol.http2.FrameBytes.write;
import static dev.barista.protocol.http2.Http2.CANCEL;
import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.HEADER_TABLE_SIZE;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_CONCURRENT_STREAMS;
import static dev.barista.protocol.http2.Http2.MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_HEADER_LIST_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_WINDOW;
import static dev.barista.protocol.http2.Http2.NO_ERROR;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static dev.barista.protocol.http2.Http2.PROTOCOL_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame {@link FrameWriter} makes, read back by {@link FrameReader}: whole, byte by byte and split at every
 * index (see {@link EmbeddedFrameReader#readEveryWay}), one case per writer call, then all of them back to back.
 */
class FrameRoundTripTest {

    /** A writer call's bytes and the lines the reader must make of them. */
    record Case(String name, byte[] wire, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Settings all = new Settings().set(HEADER_TABLE_SIZE, 0).set(ENABLE_PUSH, 0).set(MAX_CONCURRENT_STREAMS, 100)
                .set(INITIAL_WINDOW_SIZE, MAX_WINDOW).set(MAX_FRAME_SIZE, Http2.MAX_MAX_FRAME_SIZE)
                .set(MAX_HEADER_LIST_SIZE, 0xffff_ffffL).set(NO_RFC7540_PRIORITIES, 1);
        for (Settings s : List.of(all, new Settings(), new Settings().set(INITIAL_WINDOW_SIZE, 1 << 20))) {
            byte[] wire = write(FrameWriter.settingsSize(s), out -> FrameWriter.settings(out, s));
            cases.add(new Case("settings " + s, wire, List.of(FrameLines.settings(false, s))));
        }
        cases.add(new Case("settings ack", write(FrameWriter.settingsAckSize(), FrameWriter::settingsAck),
                List.of(FrameLines.settings(true, new Settings()))));
        for (boolean ack : new boolean[] {false, true}) {
            for (long data : new long[] {0, 0x0102030405060708L, -1L, Long.MIN_VALUE}) {
                cases.add(new Case("ping " + ack + " " + data, write(FrameWriter.pingSize(),
                        out -> FrameWriter.ping(out, ack, data)), List.of(FrameLines.ping(ack, data))));
            }
        }
        for (int[] g : new int[][] {{0, NO_ERROR}, {7, PROTOCOL_ERROR}, {MAX_WINDOW, 0xdead_beef}}) {
            byte[] wire = write(FrameWriter.goAwaySize(), out -> FrameWriter.goAway(out, g[0], g[1]));
            cases.add(new Case("goaway " + g[0], wire, List.of(FrameLines.goAway(g[0], g[1], new byte[0]))));
        }
        for (int[] r : new int[][] {{1, CANCEL}, {MAX_WINDOW, 0xffff_ffff}}) {
            byte[] wire = write(FrameWriter.rstStreamSize(), out -> FrameWriter.rstStream(out, r[0], r[1]));
            cases.add(new Case("rst " + r[0], wire, List.of(FrameLines.rstStream(r[0], r[1]))));
        }
        for (int[] w : new int[][] {{0, 1}, {0, MAX_WINDOW}, {3, 1000}, {MAX_WINDOW, MAX_WINDOW}}) {
            byte[] wire = write(FrameWriter.windowUpdateSize(), out -> FrameWriter.windowUpdate(out, w[0], w[1]));
            cases.add(new Case("window update " + w[0] + " +" + w[1], wire,
                    List.of(FrameLines.windowUpdate(w[0], w[1]))));
        }
        for (int length : new int[] {0, 1, 10, 300}) {
            for (boolean end : new boolean[] {false, true}) {
                cases.add(data(5, bytes(length, length), end));
            }
        }
        // One HEADERS frame, or HEADERS and CONTINUATION frames when the block is larger than a frame.
        cases.add(headers(1, bytes(0, 0), 0, 0, true, 16));
        cases.add(headers(1, bytes(10, 1), 0, 10, false, 16));
        cases.add(headers(3, bytes(16, 2), 0, 16, true, 16));
        cases.add(headers(3, bytes(17, 3), 0, 17, true, 16));
        cases.add(headers(5, bytes(32, 4), 0, 32, false, 16));
        cases.add(headers(7, bytes(60, 5), 5, 41, true, 16));
        cases.add(headers(9, bytes(40, 6), 0, 40, true, 1));
        cases.add(headers(MAX_WINDOW, bytes(200, 7), 0, 200, true, Http2.DEFAULT_MAX_FRAME_SIZE));
        return cases;
    }

    private static Case data(int streamId, byte[] payload, boolean end) {
        byte[] wire = FrameBytes.concat(
                write(FrameWriter.dataHeaderSize(), out -> FrameWriter.dataHeader(out, streamId, payload.length, end)),
                payload);
        return new Case("data " + payload.length + " " + end, wire,
                List.of(FrameLines.data(streamId, payload, payload.length, end)));
    }

    /** The block {@code block[offset, offset + length)} as FrameWriter.headers writes it, and what must be read. */
    private static Case headers(int streamId, byte[] block, int offset, int length, boolean endStream,
                                int maxFrameSize) {
        byte[] wire = write(FrameWriter.headersSize(length, maxFrameSize),
                out -> FrameWriter.headers(out, streamId, block, offset, length, endStream, maxFrameSize));
        byte[] written = Arrays.copyOfRange(block, offset, offset + length);
        List<String> expected = FrameLines.headerBlock(streamId, written, endStream, maxFrameSize);
        return new Case("headers " + length + " in frames of " + maxFrameSize, wire, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachFrameReadsBackWhateverTheSplit(Case c) {
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.readEveryWay(c.wire());
        assertThat(outcome.events()).containsExactlyElementsOf(c.expected());
        assertThat(outcome.leftover()).isZero();
    }

    @Test
    void allFramesBackToBackReadBackWhateverTheSplit() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (Case c : cases()) {
            if (c.wire().length > 400) continue; // keeps every-split quadratic cost small
            wire.writeBytes(c.wire());
            expected.addAll(c.expected());
        }
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.readEveryWay(wire.toByteArray());
        assertThat(outcome.events()).containsExactlyElementsOf(expected);
    }

    @Test
    void theWholeSequenceAlsoReadsFromDirectReadOnlyAndUncompactedBuffersInAnyBudget() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (Case c : cases()) {
            wire.writeBytes(c.wire());
            expected.addAll(c.expected());
        }
        byte[] bytes = wire.toByteArray();
        for (EmbeddedFrameReader.Storage storage : EmbeddedFrameReader.Storage.values()) {
            for (int framesPerCall : new int[] {0, 1, 2, 7}) {
                for (int piece : new int[] {1, 13, 100, bytes.length}) {
                    EmbeddedFrameReader r = new EmbeddedFrameReader(Http2.DEFAULT_MAX_FRAME_SIZE, storage, (byte) 0,
                            piece % 2 == 1, framesPerCall);
                    for (int from = 0; from < bytes.length; from += piece) {
                        r.feed(bytes, from, Math.min(bytes.length, from + piece));
                    }
                    assertThat(r.outcome().events()).as("%s, %d frames per call, pieces of %d", storage, framesPerCall,
                            piece).containsExactlyElementsOf(expected);
                }
            }
        }
    }

    @Test
    void theSettingsTheReaderGivesAreReusedAndClearedBetweenFrames() throws Http2Exception {
        byte[] wire = FrameBytes.concat(
                write(FrameWriter.settingsSize(new Settings().set(ENABLE_PUSH, 0)),
                        out -> FrameWriter.settings(out, new Settings().set(ENABLE_PUSH, 0))),
                write(FrameWriter.settingsSize(new Settings().set(MAX_FRAME_SIZE, 20000)),
                        out -> FrameWriter.settings(out, new Settings().set(MAX_FRAME_SIZE, 20000))),
                write(FrameWriter.settingsAckSize(), FrameWriter::settingsAck));
        List<Settings> seen = new ArrayList<>();
        List<Settings> copies = new ArrayList<>();
        new FrameReader(Http2.DEFAULT_MAX_FRAME_SIZE).read(java.nio.ByteBuffer.wrap(wire), new FrameRecorder() {
            @Override
            public void settings(boolean ack, Settings settings) {
                seen.add(settings);
                copies.add(settings.copy());
            }
        });
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isSameAs(seen.get(1)).isSameAs(seen.get(2));
        assertThat(copies).containsExactly(new Settings().set(ENABLE_PUSH, 0),
                new Settings().set(MAX_FRAME_SIZE, 20000), new Settings());
        assertThat(copies.get(2).isEmpty()).isTrue();
    }
}
