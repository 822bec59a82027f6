package dev.barista.protocol.proxy;

import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Runs a {@link ProxyProtocolDecoder} in memory the way a connection would: bytes arrive in reads, each appended to
 * one buffer, and {@code decode} is called after each read with everything received so far, until it answers DONE
 * or ERROR. Reads that arrive after that are appended without a call, so that what the decoder left in the buffer
 * can be compared with what followed the header.
 *
 * <p>It polices the contract on every call, failing the test with an {@link AssertionError} when: the limit
 * changes; NEED_MORE or ERROR moves the position; DONE does not move it forward, or comes without a header (or
 * with an error); ERROR comes without a reason, or a later call does not answer the same ERROR; the buffer's bytes
 * change; the position's mark is lost.
 *
 * <p>The buffer is a heap buffer at a non-zero array offset, a direct buffer, or a read-only view (no array), and
 * the position starts past a few "poison" bytes: a decoder that reads before the position sees poison and decodes
 * differently than on the whole input. Reads past the limit throw, as absolute gets are checked.
 */
final class EmbeddedProxyDecoder {

    /** Where the bytes live. */
    enum Placement { HEAP, DIRECT, READ_ONLY }

    static final int MAX_V2 = 16 + 65535;
    private static final int LEAD = 5;
    private static final int ARRAY_OFFSET = 3;

    private final ProxyProtocolDecoder decoder;
    private final ByteBuffer backing; // writable, its limit the capacity; shares its bytes with view
    private final ByteBuffer view;    // what the decoder is given
    private Progress answer = Progress.NEED_MORE;
    private int decidedAt = -1;
    private int calls;

    EmbeddedProxyDecoder(int maxV2Length, int capacity, Placement placement, byte poison) {
        this.decoder = new ProxyProtocolDecoder(maxV2Length);
        int size = LEAD + capacity;
        backing = switch (placement) {
            case HEAP, READ_ONLY -> ByteBuffer.wrap(new byte[ARRAY_OFFSET + size], ARRAY_OFFSET, size).slice();
            case DIRECT -> ByteBuffer.allocateDirect(size);
        };
        for (int i = 0; i < size; i++) backing.put(i, poison);
        if (placement != Placement.DIRECT) {
            Arrays.fill(backing.array(), 0, ARRAY_OFFSET, poison);
        }
        view = placement == Placement.READ_ONLY ? backing.asReadOnlyBuffer() : backing.duplicate();
        view.limit(LEAD).position(LEAD).mark();
    }

    // ---- one-call drivers ---------------------------------------------------------------------------------------

    /** The input in reads cut at the given (ascending) indices. */
    static Outcome decodeSplitAt(byte[] input, int maxV2Length, Placement placement, byte poison, int... cuts) {
        EmbeddedProxyDecoder d = new EmbeddedProxyDecoder(maxV2Length, input.length, placement, poison);
        int from = 0;
        for (int cut : cuts) {
            d.read(input, from, cut);
            from = cut;
        }
        return d.read(input, from, input.length).outcome();
    }

    static Outcome decode(byte[] input, int maxV2Length) {
        return decodeSplitAt(input, maxV2Length, Placement.HEAP, (byte) '\n');
    }

    static Outcome decodeByteByByte(byte[] input, int maxV2Length, Placement placement, byte poison) {
        EmbeddedProxyDecoder d = new EmbeddedProxyDecoder(maxV2Length, input.length, placement, poison);
        for (int i = 0; i < input.length; i++) d.read(input, i, i + 1);
        return d.outcome();
    }

    /**
     * Decodes the input whole, split in two at every index, and byte by byte, in every placement and with poison
     * that would end a line or start a signature; checks that all agree, and returns the byte-by-byte outcome,
     * whose {@link Outcome#decidedAt()} says how many bytes it took to answer.
     */
    static Outcome decodeEveryWay(byte[] input, int maxV2Length) {
        String expected = decode(input, maxV2Length).describe();
        Outcome byteByByte = null;
        for (Placement placement : Placement.values()) {
            for (byte poison : new byte[] {'\n', '\r', 'P', ' ', 0}) {
                Outcome o = decodeByteByByte(input, maxV2Length, placement, poison);
                same(expected, o, "byte by byte, " + placement + ", poison " + poison);
                if (byteByByte == null) byteByByte = o;
                else if (o.decidedAt() != byteByByte.decidedAt()) throw new AssertionError("decided at other bytes");
            }
            for (int split = 0; split <= input.length; split++) {
                same(expected, decodeSplitAt(input, maxV2Length, placement, (byte) '\n', split),
                        "split at " + split + ", " + placement);
            }
        }
        return byteByByte;
    }

    static Outcome decodeEveryWay(byte[] input) {
        return decodeEveryWay(input, MAX_V2);
    }

    private static void same(String expected, Outcome actual, String how) {
        if (!expected.equals(actual.describe())) {
            throw new AssertionError("decoding " + how + " differs from decoding whole:\n  whole: " + expected
                    + "\n  " + how + ": " + actual.describe());
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    /** Appends {@code input[from, to)} as one read and, until the decoder has answered, calls it once. */
    EmbeddedProxyDecoder read(byte[] input, int from, int to) {
        int limit = view.limit();
        backing.put(limit, input, from, to - from);
        view.limit(limit + to - from);
        if (answer == Progress.NEED_MORE) call();
        return this;
    }

    private void call() {
        int position = view.position();
        int limit = view.limit();
        byte[] before = contents();
        Progress progress = decoder.decode(view);
        calls++;
        int after = view.position();
        check(view.limit() == limit, "decode changed the limit");
        check(Arrays.equals(before, contents()), "decode changed the buffer's bytes");
        check(view.reset().position() == LEAD, "decode lost the mark"); // reset throws if the mark is gone
        view.position(after);
        switch (progress) {
            case NEED_MORE -> {
                check(after == position, "NEED_MORE moved the position");
                check(decoder.header() == null && decoder.error() == null, "NEED_MORE with a header or an error");
                return;
            }
            case DONE -> {
                check(after > position, "DONE consumed nothing");
                check(decoder.header() != null && decoder.error() == null, "DONE without a header, or with an error");
                check(decoder.header().version() == (view.get(position) == 'P' ? 1 : 2), "DONE with the wrong version");
            }
            case ERROR -> {
                check(after == position, "ERROR moved the position");
                String reason = decoder.error();
                check(reason != null && !reason.isBlank() && decoder.header() == null, "ERROR without a reason");
                Progress again = decoder.decode(view);
                check(again == Progress.ERROR && reason.equals(decoder.error()) && view.position() == position,
                        "a call after ERROR answered " + again + " / " + decoder.error());
            }
        }
        answer = progress;
        decidedAt = limit - LEAD;
    }

    Outcome outcome() {
        byte[] rest = new byte[view.remaining()];
        view.get(view.position(), rest);
        return new Outcome(answer, decoder.header(), decoder.error(), view.position() - LEAD, rest, decidedAt, calls);
    }

    private byte[] contents() {
        byte[] all = new byte[backing.capacity()];
        backing.get(0, all);
        return all;
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    // ---- recording ----------------------------------------------------------------------------------------------

    /**
     * What decoding produced: the last answer, the header or the error, how many bytes the header took, the bytes
     * left after it (all of them after NEED_MORE or ERROR), how many bytes were there when the decoder answered
     * DONE or ERROR (-1 if it never did) and how many calls were made.
     */
    record Outcome(Progress progress, ProxyHeader header, String error, int consumed, byte[] rest, int decidedAt,
                   int calls) {

        String restText() {
            return new String(rest, StandardCharsets.ISO_8859_1);
        }

        /** Everything observable but decidedAt and calls, which depend on the split; used to compare splits. */
        String describe() {
            return progress + " " + (header != null ? header : "") + (error != null ? error : "") + " consumed "
                    + consumed + " rest " + HexFormat.of().formatHex(rest);
        }

        @Override
        public String toString() {
            return describe() + " decidedAt " + decidedAt;
        }
    }
}
