package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.Http2.ACK;
import static dev.barista.protocol.http2.Http2.CONTINUATION;
import static dev.barista.protocol.http2.Http2.DATA;
import static dev.barista.protocol.http2.Http2.END_HEADERS;
import static dev.barista.protocol.http2.Http2.END_STREAM;
import static dev.barista.protocol.http2.Http2.FRAME_HEADER_LENGTH;
import static dev.barista.protocol.http2.Http2.GOAWAY;
import static dev.barista.protocol.http2.Http2.HEADERS;
import static dev.barista.protocol.http2.Http2.MAX_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static dev.barista.protocol.http2.Http2.PING;
import static dev.barista.protocol.http2.Http2.RST_STREAM;
import static dev.barista.protocol.http2.Http2.SETTINGS;
import static dev.barista.protocol.http2.Http2.WINDOW_UPDATE;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes whole HTTP/2 frames (RFC 9113 section 6) at a buffer's position, in write mode, moving the position past
 * them. The caller makes room first: each frame has a {@code ...Size} method saying how many bytes it takes.
 *
 * <p>Bytes are put one by one, so the frames are big-endian whatever the buffer's byte order. What only a bug of
 * ours could produce (a negative stream id, a zero window increment, a length the 24-bit field cannot hold) is
 * refused with {@link IllegalArgumentException}: a frame the peer would treat as a protocol error is never written.
 * Frames we never send (PRIORITY, PUSH_PROMISE) and padding have no writer.
 */
public final class FrameWriter {
    private static final int SETTING_LENGTH = 6;

    private FrameWriter() {
    }

    /** The 9-byte frame header (section 4.1); the reserved bit is written as 0. */
    public static void frameHeader(ByteBuffer out, int length, int type, int flags, int streamId) {
        if (length < 0 || length > MAX_MAX_FRAME_SIZE) throw new IllegalArgumentException("frame length: " + length);
        if ((type & ~0xff) != 0 || (flags & ~0xff) != 0) throw new IllegalArgumentException("type or flags not a byte");
        requireStreamOrZero(streamId);
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        out.put((byte) type).put((byte) flags);
        putInt(out, streamId);
    }

    public static int frameHeaderSize() {
        return FRAME_HEADER_LENGTH;
    }

    /** A SETTINGS frame with the settings present in {@code settings}, in increasing id order (none: empty). */
    public static void settings(ByteBuffer out, Settings settings) {
        frameHeader(out, settings.count() * SETTING_LENGTH, SETTINGS, 0, 0);
        for (int id = 1; id <= NO_RFC7540_PRIORITIES; id++) {
            if (!settings.has(id)) continue;
            out.put((byte) (id >>> 8)).put((byte) id);
            putInt(out, (int) settings.get(id));
        }
    }

    public static int settingsSize(Settings settings) {
        return FRAME_HEADER_LENGTH + settings.count() * SETTING_LENGTH;
    }

    public static void settingsAck(ByteBuffer out) {
        frameHeader(out, 0, SETTINGS, ACK, 0);
    }

    public static int settingsAckSize() {
        return FRAME_HEADER_LENGTH;
    }

    public static void ping(ByteBuffer out, boolean ack, long data) {
        frameHeader(out, 8, PING, ack ? ACK : 0, 0);
        putInt(out, (int) (data >>> 32));
        putInt(out, (int) data);
    }

    public static int pingSize() {
        return FRAME_HEADER_LENGTH + 8;
    }

    /** A GOAWAY frame without debug data: what we would put there could echo the peer, and nobody reads it. */
    public static void goAway(ByteBuffer out, int lastStreamId, int errorCode) {
        requireStreamOrZero(lastStreamId);
        frameHeader(out, 8, GOAWAY, 0, 0);
        putInt(out, lastStreamId);
        putInt(out, errorCode);
    }

    public static int goAwaySize() {
        return FRAME_HEADER_LENGTH + 8;
    }

    public static void rstStream(ByteBuffer out, int streamId, int errorCode) {
        requireStream(streamId);
        frameHeader(out, 4, RST_STREAM, 0, streamId);
        putInt(out, errorCode);
    }

    public static int rstStreamSize() {
        return FRAME_HEADER_LENGTH + 4;
    }

    /** A WINDOW_UPDATE frame for a stream, or for the connection with stream 0; the increment is 1 to 2^31-1. */
    public static void windowUpdate(ByteBuffer out, int streamId, int increment) {
        if (increment < 1) throw new IllegalArgumentException("window increment not in [1, 2^31-1]: " + increment);
        frameHeader(out, 4, WINDOW_UPDATE, 0, streamId);
        putInt(out, increment);
    }

    public static int windowUpdateSize() {
        return FRAME_HEADER_LENGTH + 4;
    }

    /**
     * The header of a DATA frame of {@code length} bytes, which the caller puts right after it. The caller keeps
     * {@code length} within the peer's SETTINGS_MAX_FRAME_SIZE and the flow-control windows.
     */
    public static void dataHeader(ByteBuffer out, int streamId, int length, boolean endStream) {
        requireStream(streamId);
        frameHeader(out, length, DATA, endStream ? END_STREAM : 0, streamId);
    }

    public static int dataHeaderSize() {
        return FRAME_HEADER_LENGTH;
    }

    /**
     * A field block as one HEADERS frame followed by as many CONTINUATION frames as it takes to keep each payload
     * within {@code maxFrameSize} (the peer's SETTINGS_MAX_FRAME_SIZE); END_HEADERS is on the last frame,
     * END_STREAM (when asked) on the HEADERS frame, where section 6.2 puts it. An empty block is one empty HEADERS.
     * The frames are written back to back, so nothing can come between them as section 6.10 requires.
     */
    public static void headers(ByteBuffer out, int streamId, byte[] block, int offset, int length, boolean endStream,
                               int maxFrameSize) {
        requireStream(streamId);
        requireMaxFrameSize(maxFrameSize);
        Objects.checkFromIndexSize(offset, length, block.length);
        int first = Math.min(length, maxFrameSize);
        int flags = (endStream ? END_STREAM : 0) | (first == length ? END_HEADERS : 0);
        frameHeader(out, first, HEADERS, flags, streamId);
        out.put(block, offset, first);
        for (int done = first; done < length; ) {
            int n = Math.min(length - done, maxFrameSize);
            frameHeader(out, n, CONTINUATION, done + n == length ? END_HEADERS : 0, streamId);
            out.put(block, offset + done, n);
            done += n;
        }
    }

    /** The bytes {@link #headers} writes for a block of {@code blockLength} bytes. */
    public static int headersSize(int blockLength, int maxFrameSize) {
        requireMaxFrameSize(maxFrameSize);
        if (blockLength < 0) throw new IllegalArgumentException("block length: " + blockLength);
        long frames = blockLength == 0 ? 1 : ((long) blockLength + maxFrameSize - 1) / maxFrameSize;
        long size = blockLength + frames * FRAME_HEADER_LENGTH;
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("block too large: " + blockLength);
        return (int) size;
    }

    private static void putInt(ByteBuffer out, int value) {
        out.put((byte) (value >>> 24)).put((byte) (value >>> 16)).put((byte) (value >>> 8)).put((byte) value);
    }

    private static void requireStream(int streamId) {
        if (streamId <= 0) throw new IllegalArgumentException("not a stream id: " + streamId);
    }

    private static void requireStreamOrZero(int streamId) {
        if (streamId < 0) throw new IllegalArgumentException("not a stream id: " + streamId);
    }

    /** Any positive size is taken, so tests can split blocks small; peers advertise at least 16384. */
    private static void requireMaxFrameSize(int maxFrameSize) {
        if (maxFrameSize < 1 || maxFrameSize > MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("max frame size: " + maxFrameSize);
        }
    }
}
