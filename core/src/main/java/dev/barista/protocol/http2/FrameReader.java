package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.Http2.ACK;
import static dev.barista.protocol.http2.Http2.CONTINUATION;
import static dev.barista.protocol.http2.Http2.DATA;
import static dev.barista.protocol.http2.Http2.DEFAULT_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.END_HEADERS;
import static dev.barista.protocol.http2.Http2.END_STREAM;
import static dev.barista.protocol.http2.Http2.FLOW_CONTROL_ERROR;
import static dev.barista.protocol.http2.Http2.FRAME_HEADER_LENGTH;
import static dev.barista.protocol.http2.Http2.FRAME_SIZE_ERROR;
import static dev.barista.protocol.http2.Http2.GOAWAY;
import static dev.barista.protocol.http2.Http2.HEADERS;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_WINDOW;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static dev.barista.protocol.http2.Http2.PADDED;
import static dev.barista.protocol.http2.Http2.PING;
import static dev.barista.protocol.http2.Http2.PRIORITY;
import static dev.barista.protocol.http2.Http2.PRIORITY_FLAG;
import static dev.barista.protocol.http2.Http2.PROTOCOL_ERROR;
import static dev.barista.protocol.http2.Http2.PUSH_PROMISE;
import static dev.barista.protocol.http2.Http2.RST_STREAM;
import static dev.barista.protocol.http2.Http2.SETTINGS;
import static dev.barista.protocol.http2.Http2.WINDOW_UPDATE;

import java.nio.ByteBuffer;

/**
 * Splits received bytes into HTTP/2 frames (RFC 9113 section 4) and hands each to a {@link FrameListener}: a pure
 * function over a buffer, with no I/O and no state between calls but the limit and one reusable {@link Settings}.
 *
 * <p>{@link #read} takes the complete frames between the buffer's position and its limit and stops before a
 * partial one, whose bytes stay where they are, the position at its first byte: append what arrives next and call
 * again. Nothing is remembered about a partial frame, so the answer never depends on how the bytes were split.
 *
 * <p>Each frame's shape is checked before the listener sees it, and a breach is thrown as a precise
 * {@link Http2Exception}. The position is moved past a complete frame before it is checked or delivered, so after
 * a stream error (whether the reader's or the listener's) the caller resets that stream and calls {@code read}
 * again to go on with the next frame. A frame too large to accept is refused on its 9-byte header, without waiting
 * for its payload; the position then stays at its start, and the connection is over anyway.
 *
 * <p>Not checked here, because they need the connection's state: stream states, flow control, CONTINUATION
 * sequencing, and which side may send which frame (PUSH_PROMISE to a server, say).
 *
 * <p>Reads are absolute and byte by byte, so heap, direct and read-only buffers work and their byte order does not
 * matter; bytes outside {@code [position, limit)} are never read. Allocates nothing per frame but the payload
 * slices given to the listener. The listener must not touch the input buffer during a call. One reader per
 * connection; not thread-safe.
 */
public final class FrameReader {
    private static final int PRIORITY_FIELDS_LENGTH = 5; // exclusive bit, stream dependency, weight
    private static final int PROMISED_STREAM_LENGTH = 4;
    /** Clears the reserved bit of stream identifiers and window increments, which receivers ignore (section 4.1). */
    private static final int CLEAR_RESERVED_BIT = 0x7fff_ffff;

    /** Reused for every SETTINGS frame: the listener is told to apply or copy it during its call. */
    private final Settings settings = new Settings();
    private int maxFrameSize;

    /** @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE we advertise (16384 until the peer has our SETTINGS) */
    public FrameReader(int maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /** Changes the largest frame payload accepted, from the next frame on (even within a {@code read} call). */
    public void maxFrameSize(int maxFrameSize) {
        if (maxFrameSize < DEFAULT_MAX_FRAME_SIZE || maxFrameSize > MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE outside [16384, 16777215]: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Reads every complete frame in {@code in}; see the class comment for where the position is left. */
    public void read(ByteBuffer in, FrameListener listener) throws Http2Exception {
        read(in, listener, Integer.MAX_VALUE);
    }

    /**
     * Reads at most {@code maxFrames} complete frames, so that a caller whose handlers are backed up can stop taking
     * more; the rest stay in {@code in}. Returns how many frames were read (and delivered).
     */
    public int read(ByteBuffer in, FrameListener listener, int maxFrames) throws Http2Exception {
        int frames = 0;
        while (frames < maxFrames) {
            int start = in.position();
            int available = in.limit() - start;
            if (available < FRAME_HEADER_LENGTH) break;
            int length = uint24(in, start);
            if (length > maxFrameSize) {
                // A connection error whatever the frame: unread, it may have been one that changes the
                // connection's state (section 4.2).
                throw Http2Exception.connection(FRAME_SIZE_ERROR, "Frame larger than SETTINGS_MAX_FRAME_SIZE");
            }
            if (available - FRAME_HEADER_LENGTH < length) break;
            int type = in.get(start + 3) & 0xff;
            int flags = in.get(start + 4) & 0xff;
            int streamId = int32(in, start + 5) & CLEAR_RESERVED_BIT;
            int payload = start + FRAME_HEADER_LENGTH;
            in.position(payload + length);
            frames++;
            deliver(in, type, flags, streamId, payload, length, listener);
        }
        return frames;
    }

    private void deliver(ByteBuffer in, int type, int flags, int streamId, int payload, int length,
                         FrameListener listener) throws Http2Exception {
        switch (type) {
            case DATA -> data(in, flags, streamId, payload, length, listener);
            case HEADERS -> headers(in, flags, streamId, payload, length, listener);
            case PRIORITY -> priority(in, streamId, payload, length, listener);
            case RST_STREAM -> rstStream(in, streamId, payload, length, listener);
            case SETTINGS -> settings(in, flags, streamId, payload, length, listener);
            case PUSH_PROMISE -> pushPromise(in, flags, streamId, payload, length, listener);
            case PING -> ping(in, flags, streamId, payload, length, listener);
            case GOAWAY -> goAway(in, streamId, payload, length, listener);
            case WINDOW_UPDATE -> windowUpdate(in, streamId, payload, length, listener);
            case CONTINUATION -> continuation(in, flags, streamId, payload, length, listener);
            default -> listener.unknown(type, flags, streamId, in.slice(payload, length));
        }
    }

    // ---- one method per frame type (section 6) ------------------------------------------------------------------

    private static void data(ByteBuffer in, int flags, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireStream(DATA, streamId);
        int padLength = padLength(in, flags, payload, length, 0);
        int before = padFieldLength(flags);
        listener.data(streamId, in.slice(payload + before, length - before - padLength), length,
                (flags & END_STREAM) != 0);
    }

    private static void headers(ByteBuffer in, int flags, int streamId, int payload, int length,
                                FrameListener listener) throws Http2Exception {
        requireStream(HEADERS, streamId);
        // The priority fields are skipped unread: RFC 9113 deprecates them (section 5.3.2).
        int priorityLength = (flags & PRIORITY_FLAG) != 0 ? PRIORITY_FIELDS_LENGTH : 0;
        int padLength = padLength(in, flags, payload, length, priorityLength);
        int before = padFieldLength(flags) + priorityLength;
        listener.headers(streamId, in.slice(payload + before, length - before - padLength),
                (flags & END_HEADERS) != 0, (flags & END_STREAM) != 0);
    }

    private static void priority(ByteBuffer in, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireStream(PRIORITY, streamId);
        if (length != PRIORITY_FIELDS_LENGTH) {
            // Only a stream error: a PRIORITY frame changes nothing else (section 6.3).
            throw Http2Exception.stream(streamId, FRAME_SIZE_ERROR, "PRIORITY frame length is not 5");
        }
        int dependency = int32(in, payload);
        int weight = (in.get(payload + 4) & 0xff) + 1;
        listener.priority(streamId, dependency & CLEAR_RESERVED_BIT, dependency < 0, weight);
    }

    private static void rstStream(ByteBuffer in, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireStream(RST_STREAM, streamId);
        if (length != 4) throw Http2Exception.connection(FRAME_SIZE_ERROR, "RST_STREAM frame length is not 4");
        listener.rstStream(streamId, int32(in, payload));
    }

    private void settings(ByteBuffer in, int flags, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireConnection(SETTINGS, streamId);
        settings.clear();
        if ((flags & ACK) != 0) {
            if (length != 0) throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
            listener.settings(true, settings);
            return;
        }
        parseSettings(in.slice(payload, length), settings);
        listener.settings(false, settings);
    }

    /**
     * A SETTINGS payload (position to limit) into {@code into}, with the same checks as a frame's: also what an
     * {@code HTTP2-Settings} header of an h2c upgrade carries (RFC 7540 3.2.1).
     */
    public static void parseSettings(ByteBuffer payload, Settings into) throws Http2Exception {
        int start = payload.position();
        int length = payload.remaining();
        if (length % 6 != 0) throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS length not a multiple of 6");
        for (int p = start, end = start + length; p < end; p += 6) {
            int id = (payload.get(p) & 0xff) << 8 | payload.get(p + 1) & 0xff;
            long value = Integer.toUnsignedLong(int32(payload, p + 2));
            checkSetting(id, value);
            if (Settings.isKnown(id)) into.set(id, value); // others are ignored (section 6.5.2)
        }
    }

    /** The values section 6.5.2 (and RFC 9218 section 2.1) refuse; each a connection error. */
    private static void checkSetting(int id, long value) throws Http2Exception {
        switch (id) {
            case ENABLE_PUSH -> {
                if (value > 1) throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH not 0 or 1");
            }
            case INITIAL_WINDOW_SIZE -> {
                if (value > MAX_WINDOW) {
                    throw Http2Exception.connection(FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1");
                }
            }
            case MAX_FRAME_SIZE -> {
                if (value < DEFAULT_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
                    throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE outside its range");
                }
            }
            case NO_RFC7540_PRIORITIES -> {
                if (value > 1) {
                    throw Http2Exception.connection(PROTOCOL_ERROR, "SETTINGS_NO_RFC7540_PRIORITIES not 0 or 1");
                }
            }
            default -> {
            }
        }
    }

    private static void pushPromise(ByteBuffer in, int flags, int streamId, int payload, int length,
                                    FrameListener listener) throws Http2Exception {
        requireStream(PUSH_PROMISE, streamId);
        int padLength = padLength(in, flags, payload, length, PROMISED_STREAM_LENGTH);
        int promised = payload + padFieldLength(flags);
        int before = padFieldLength(flags) + PROMISED_STREAM_LENGTH;
        listener.pushPromise(streamId, int32(in, promised) & CLEAR_RESERVED_BIT,
                in.slice(payload + before, length - before - padLength), (flags & END_HEADERS) != 0);
    }

    private static void ping(ByteBuffer in, int flags, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireConnection(PING, streamId);
        if (length != 8) throw Http2Exception.connection(FRAME_SIZE_ERROR, "PING frame length is not 8");
        long opaque = (long) int32(in, payload) << 32 | Integer.toUnsignedLong(int32(in, payload + 4));
        listener.ping((flags & ACK) != 0, opaque);
    }

    private static void goAway(ByteBuffer in, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        requireConnection(GOAWAY, streamId);
        if (length < 8) throw Http2Exception.connection(FRAME_SIZE_ERROR, "GOAWAY frame shorter than 8");
        int lastStreamId = int32(in, payload) & CLEAR_RESERVED_BIT;
        listener.goAway(lastStreamId, int32(in, payload + 4), in.slice(payload + 8, length - 8));
    }

    private static void windowUpdate(ByteBuffer in, int streamId, int payload, int length, FrameListener listener)
            throws Http2Exception {
        // A length error is a connection error even on a stream (section 6.9).
        if (length != 4) throw Http2Exception.connection(FRAME_SIZE_ERROR, "WINDOW_UPDATE frame length is not 4");
        listener.windowUpdate(streamId, int32(in, payload) & CLEAR_RESERVED_BIT);
    }

    private static void continuation(ByteBuffer in, int flags, int streamId, int payload, int length,
                                     FrameListener listener) throws Http2Exception {
        requireStream(CONTINUATION, streamId);
        listener.continuation(streamId, in.slice(payload, length), (flags & END_HEADERS) != 0);
    }

    // ---- shared checks ------------------------------------------------------------------------------------------

    private static void requireStream(int type, int streamId) throws Http2Exception {
        if (streamId == 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, Http2.frameTypeName(type) + " frame on stream 0");
        }
    }

    private static void requireConnection(int type, int streamId) throws Http2Exception {
        if (streamId != 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, Http2.frameTypeName(type) + " frame not on stream 0");
        }
    }

    private static int padFieldLength(int flags) {
        return (flags & PADDED) != 0 ? 1 : 0;
    }

    /**
     * The length of the padding at the end of the frame (0 without PADDED), once the payload is known to hold the
     * Pad Length field, the {@code fields} bytes that follow it, and the padding. A payload too short for its
     * fields is a FRAME_SIZE_ERROR (section 4.2); padding that leaves less than nothing for the content is a
     * PROTOCOL_ERROR (sections 6.1, 6.2 and 6.6). Both are connection errors: the frames that carry padding
     * carry flow-controlled data or a field block, which the connection must account for or decode.
     */
    private static int padLength(ByteBuffer in, int flags, int payload, int length, int fields)
            throws Http2Exception {
        int before = padFieldLength(flags) + fields;
        if (length < before) throw Http2Exception.connection(FRAME_SIZE_ERROR, "Frame too short for its fields");
        if ((flags & PADDED) == 0) return 0;
        int padLength = in.get(payload) & 0xff;
        if (padLength > length - before) throw Http2Exception.connection(PROTOCOL_ERROR, "Padding exceeds the payload");
        return padLength;
    }

    private static int uint24(ByteBuffer in, int at) {
        return (in.get(at) & 0xff) << 16 | (in.get(at + 1) & 0xff) << 8 | in.get(at + 2) & 0xff;
    }

    private static int int32(ByteBuffer in, int at) {
        return in.get(at) << 24 | (in.get(at + 1) & 0xff) << 16 | (in.get(at + 2) & 0xff) << 8 | in.get(at + 3) & 0xff;
    }
}
