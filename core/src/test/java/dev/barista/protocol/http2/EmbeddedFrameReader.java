package dev.barista.protocol.http2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link FrameReader} in memory as a connection would: bytes arrive in fragments, are appended to a buffer
 * that keeps what the reader left, and each frame or error is written down by a {@link FrameRecorder}. A stream
 * error is answered as a session would (the frame is gone; read on); a connection error ends the reading.
 *
 * <p>It polices the reader's contract on every call, failing with an {@link AssertionError} when: the limit
 * changes; the position moves backwards or past the limit; {@code read} reports a different number of frames than
 * the listener saw; a normal return leaves a complete frame unread (unless the frame budget ran out); a stream error
 * consumes nothing. To catch reads outside {@code [position, limit)}, the buffer is a window into a larger one and
 * every byte outside the unconsumed region is overwritten with a poison byte after each call: a reader peeking
 * there reads differently than on the whole input, which {@link #readEveryWay} and the properties notice.
 */
final class EmbeddedFrameReader {
    /** What the reader's input buffer is made of. */
    enum Storage { HEAP, DIRECT, READ_ONLY }

    private static final int WINDOW_OFFSET = 7;

    private final FrameReader reader;
    private final Storage storage;
    private final byte poison;
    private final boolean compactEveryRead;
    private final int framesPerCall;
    private final FrameRecorder recorder = new FrameRecorder();
    /** The store's backing buffer, larger on both sides, so that poison lies around it. */
    private ByteBuffer backing;
    /** Read mode: {@code [position, limit)} is what was received but not read yet. */
    private ByteBuffer store;
    private boolean closed;

    EmbeddedFrameReader(int maxFrameSize) {
        this(maxFrameSize, Storage.HEAP, (byte) 0xff, true, 0);
    }

    /**
     * @param compactEveryRead true to move the leftover to the start before every append; false to append after it
     *                         while there is room, so the reader also runs with its position far from 0
     * @param framesPerCall    the {@code maxFrames} passed to each {@code read}, or 0 for the unbounded one
     */
    EmbeddedFrameReader(int maxFrameSize, Storage storage, byte poison, boolean compactEveryRead, int framesPerCall) {
        this.reader = new FrameReader(maxFrameSize);
        this.storage = storage;
        this.poison = poison;
        this.compactEveryRead = compactEveryRead;
        this.framesPerCall = framesPerCall;
        allocate(32);
        store.limit(0);
        poisonOutside();
    }

    /** What came of the bytes: the recorder's lines (errors included), then what is left or that it ended. */
    record Outcome(List<String> events, boolean closed, int leftover) {
        String describe() {
            return String.join("\n", events) + (closed ? "\n(closed)" : "\n(leftover " + leftover + ")");
        }

        boolean hasError() {
            return events.stream().anyMatch(e -> e.startsWith("ERROR"));
        }

        /** The only error line; fails unless there is exactly one. */
        String error() {
            List<String> errors = events.stream().filter(e -> e.startsWith("ERROR")).toList();
            if (errors.size() != 1) throw new AssertionError("expected one error in:\n" + describe());
            return errors.getFirst();
        }
    }

    // ---- drivers ------------------------------------------------------------------------------------------------

    static Outcome read(int maxFrameSize, byte[] input) {
        return new EmbeddedFrameReader(maxFrameSize).feed(input, 0, input.length).outcome();
    }

    static Outcome readByteByByte(int maxFrameSize, byte[] input) {
        EmbeddedFrameReader r = new EmbeddedFrameReader(maxFrameSize);
        for (int i = 0; i < input.length; i++) r.feed(input, i, i + 1);
        return r.outcome();
    }

    /**
     * The input in reads whose sizes cycle through {@code pieces} (the whole input at once when it is empty), into
     * the given kind of buffer, with the given poison and frame budget.
     */
    static Outcome readInPieces(int maxFrameSize, byte[] input, List<Integer> pieces, Storage storage, byte poison,
                                boolean compactEveryRead, int framesPerCall) {
        EmbeddedFrameReader r = new EmbeddedFrameReader(maxFrameSize, storage, poison, compactEveryRead, framesPerCall);
        int from = 0;
        for (int i = 0; from < input.length; i++) {
            int size = pieces.isEmpty() ? input.length : pieces.get(i % pieces.size());
            int to = Math.min(input.length, from + size);
            r.feed(input, from, to);
            from = to;
        }
        return r.outcome();
    }

    /**
     * Reads the input whole, byte by byte, and split in two at every index, and checks they all agree. At each
     * split it also checks the first part alone: it gave a prefix of the whole's lines and, when the input is free
     * of errors, exactly the frames that end within it, with the rest of the part (a partial frame) left unread.
     */
    static Outcome readEveryWay(int maxFrameSize, byte[] input) {
        Outcome whole = read(maxFrameSize, input);
        assertSame(whole, readByteByByte(maxFrameSize, input), "byte by byte");
        List<Integer> ends = frameEnds(input);
        for (int split = 0; split <= input.length; split++) {
            EmbeddedFrameReader r =
                    new EmbeddedFrameReader(maxFrameSize, Storage.HEAP, (byte) 0xff, split % 2 == 0, 0);
            Outcome first = r.feed(input, 0, split).outcome();
            if (!whole.events().subList(0, Math.min(first.events().size(), whole.events().size()))
                    .equals(first.events())) {
                throw new AssertionError("first " + split + " bytes read\n" + first.describe() + "\nnot a prefix of\n"
                        + whole.describe());
            }
            if (!whole.hasError()) {
                int complete = 0;
                int lastEnd = 0;
                for (int end : ends) {
                    if (end > split) break;
                    complete++;
                    lastEnd = end;
                }
                if (first.events().size() != complete || first.leftover() != split - lastEnd) {
                    throw new AssertionError("first " + split + " bytes: expected " + complete
                            + " frames and " + (split - lastEnd) + " bytes left, got\n" + first.describe());
                }
            }
            assertSame(whole, r.feed(input, split, input.length).outcome(), "split at " + split);
        }
        return whole;
    }

    static Outcome readEveryWay(byte[] input) {
        return readEveryWay(Http2.DEFAULT_MAX_FRAME_SIZE, input);
    }

    /** Where each frame of a well-formed input ends, by its length fields. */
    static List<Integer> frameEnds(byte[] input) {
        List<Integer> ends = new ArrayList<>();
        for (int p = 0; p + Http2.FRAME_HEADER_LENGTH <= input.length; ) {
            int length = (input[p] & 0xff) << 16 | (input[p + 1] & 0xff) << 8 | input[p + 2] & 0xff;
            p += Http2.FRAME_HEADER_LENGTH + length;
            if (p > input.length) break;
            ends.add(p);
        }
        return ends;
    }

    private static void assertSame(Outcome expected, Outcome actual, String how) {
        if (!expected.describe().equals(actual.describe())) {
            throw new AssertionError("reading " + how + " differs from reading whole:\n--- whole:\n"
                    + expected.describe() + "\n--- " + how + ":\n" + actual.describe());
        }
    }

    // ---- feeding ------------------------------------------------------------------------------------------------

    /** Appends {@code input[from, to)} as one read and reads as far as the reader goes. */
    EmbeddedFrameReader feed(byte[] input, int from, int to) {
        append(input, from, to);
        if (!closed) drain();
        return this;
    }

    Outcome outcome() {
        return new Outcome(List.copyOf(recorder.events), closed, store.remaining());
    }

    private void append(byte[] input, int from, int to) {
        int n = to - from;
        if (!compactEveryRead && store.capacity() - store.limit() >= n) {
            int oldLimit = store.limit();
            int position = store.position();
            store.limit(oldLimit + n);
            store.put(oldLimit, input, from, n);
            store.position(position);
        } else {
            ByteBuffer pending = store.duplicate();
            if (store.capacity() < pending.remaining() + n) {
                allocate(Math.max(store.capacity() * 2, pending.remaining() + n));
            }
            byte[] kept = new byte[pending.remaining()];
            pending.get(kept);
            store.clear();
            store.put(kept).put(input, from, n).flip();
        }
        poisonOutside();
    }

    private void drain() {
        while (true) {
            ByteBuffer in = storage == Storage.READ_ONLY ? store.asReadOnlyBuffer() : store;
            int before = in.position();
            int limit = in.limit();
            int seen = recorder.events.size();
            int budget = framesPerCall == 0 ? Integer.MAX_VALUE : framesPerCall;
            try {
                int frames = framesPerCall == 0 ? readAll(in) : reader.read(in, recorder, budget);
                checkPosition(in, before, limit);
                check(frames == recorder.events.size() - seen,
                        "read answered " + frames + " frames, the listener saw " + (recorder.events.size() - seen));
                if (frames < budget) {
                    check(!holdsCompleteFrame(in), "read returned with a complete frame left");
                    return;
                }
            } catch (Http2Exception e) {
                checkPosition(in, before, limit);
                recorder.events.add(FrameLines.error(e));
                if (e.isConnectionError()) {
                    closed = true;
                    return;
                }
                check(in.position() > before, "a stream error consumed nothing");
            } finally {
                store.position(in.position());
                poisonOutside();
            }
        }
    }

    /** The unbounded {@code read}, whose frames are counted by the recorder. */
    private int readAll(ByteBuffer in) throws Http2Exception {
        int seen = recorder.events.size();
        reader.read(in, recorder);
        return recorder.events.size() - seen;
    }

    private static void checkPosition(ByteBuffer in, int before, int limit) {
        check(in.limit() == limit, "read changed the limit");
        check(in.position() >= before && in.position() <= limit,
                "position " + in.position() + " outside [" + before + ", " + limit + "]");
    }

    private static boolean holdsCompleteFrame(ByteBuffer in) {
        int p = in.position();
        if (in.limit() - p < Http2.FRAME_HEADER_LENGTH) return false;
        int length = (in.get(p) & 0xff) << 16 | (in.get(p + 1) & 0xff) << 8 | in.get(p + 2) & 0xff;
        return in.limit() - p - Http2.FRAME_HEADER_LENGTH >= length;
    }

    private void allocate(int capacity) {
        int size = capacity + 2 * WINDOW_OFFSET;
        backing = storage == Storage.DIRECT ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        store = backing.slice(WINDOW_OFFSET, capacity);
    }

    private void poisonOutside() {
        int from = WINDOW_OFFSET + store.position();
        int to = WINDOW_OFFSET + store.limit();
        for (int i = 0; i < backing.capacity(); i++) {
            if (i < from || i >= to) backing.put(i, poison);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }
}
