package dev.barista.protocol.http2;

import java.nio.ByteBuffer;

/**
 * What {@link FrameReader} found: one call per frame, in wire order, on the thread calling {@code read}.
 *
 * <p>Frames arrive checked for their own shape only (lengths, padding, stream 0 or not, setting values); what a
 * frame means for the connection (stream states, flow control, CONTINUATION sequencing, field block decoding) is
 * the listener's to judge, and it answers a breach by throwing {@link Http2Exception}, which {@code read} passes on
 * with the frame already consumed.
 *
 * <p>Every {@link ByteBuffer} argument is a slice of the reader's input holding exactly the bytes described
 * (position 0, limit its length): read-only by convention, and valid only during the call, because the bytes
 * under it are reused once {@code read} returns. Copy what must outlive the call.
 */
public interface FrameListener {

    /**
     * A DATA frame.
     *
     * @param payload the data, padding stripped
     * @param flowControlledLength the whole frame payload's length, the Pad Length field and padding included: all
     *                             of it counts against flow control (section 6.1)
     */
    void data(int streamId, ByteBuffer payload, int flowControlledLength, boolean endStream) throws Http2Exception;

    /** A HEADERS frame; its priority fields and padding stripped, so {@code fragment} is field block bytes only. */
    void headers(int streamId, ByteBuffer fragment, boolean endHeaders, boolean endStream) throws Http2Exception;

    /**
     * A PRIORITY frame (deprecated by RFC 9113 section 5.3.2, but still to be parsed).
     *
     * @param weight the weight as the RFC counts it, 1 to 256 (the wire byte plus one)
     */
    void priority(int streamId, int dependsOn, boolean exclusive, int weight) throws Http2Exception;

    /** A RST_STREAM frame; the code may be one this version does not know. */
    void rstStream(int streamId, int errorCode) throws Http2Exception;

    /**
     * A SETTINGS frame, its values already checked (section 6.5.2). {@code settings} holds the known parameters the
     * frame carried, the last value of a repeated one; for an ACK it is empty. It is the reader's one reusable
     * instance, overwritten by the next SETTINGS frame: apply or copy it during the call.
     */
    void settings(boolean ack, Settings settings) throws Http2Exception;

    /** A PING frame; its 8 opaque bytes as one big-endian long. */
    void ping(boolean ack, long opaqueData) throws Http2Exception;

    /** A GOAWAY frame. The debug data is the peer's, for diagnostics only: never echo it. */
    void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) throws Http2Exception;

    /**
     * A WINDOW_UPDATE frame (stream 0 for the connection). An increment of 0 is passed on: it is a stream error on a
     * stream and a connection error on the connection (section 6.9), which only the listener can tell apart from a
     * closed stream's frame.
     */
    void windowUpdate(int streamId, int increment) throws Http2Exception;

    /** A CONTINUATION frame. Whether one was expected here is the listener's to check (section 6.10). */
    void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception;

    /** A PUSH_PROMISE frame; padding stripped. A server receiving one must treat it as a connection error. */
    void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders)
            throws Http2Exception;

    /** A frame of a type this version does not know: ignored unless overridden (sections 4.1 and 5.5). */
    default void unknown(int type, int flags, int streamId, ByteBuffer payload) throws Http2Exception {
    }
}
