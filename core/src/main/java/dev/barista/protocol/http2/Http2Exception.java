package dev.barista.protocol.http2;

/**
 * An HTTP/2 error to answer with (RFC 9113 section 5.4): a connection error (stream 0), after which the
 * connection sends GOAWAY and closes, or a stream error, after which only that stream is reset with RST_STREAM.
 *
 * <p>Checked, because every caller must pick one of those two answers; cheap (no stack trace, no suppression),
 * because a peer can make us throw it at will. The message is written by Barista and never echoes peer bytes.
 */
public final class Http2Exception extends Exception {
    private final int errorCode;
    private final int streamId;

    private Http2Exception(int streamId, int errorCode, String message) {
        super(message, null, false, false);
        this.streamId = streamId;
        this.errorCode = errorCode;
    }

    /** An error that ends the connection. */
    public static Http2Exception connection(int code, String why) {
        return new Http2Exception(0, code, why);
    }

    /** An error that ends only the stream {@code streamId} (positive; stream 0 is the connection). */
    public static Http2Exception stream(int streamId, int code, String why) {
        if (streamId <= 0) throw new IllegalArgumentException("a stream error needs a stream: " + streamId);
        return new Http2Exception(streamId, code, why);
    }

    /** The code to send in GOAWAY or RST_STREAM, one of the {@code Http2} error codes. */
    public int errorCode() {
        return errorCode;
    }

    /** The stream to reset, or 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    public boolean isConnectionError() {
        return streamId == 0;
    }

    @Override
    public String toString() {
        return "Http2Exception: " + Http2.errorName(errorCode)
                + (streamId == 0 ? " (connection)" : " on stream " + streamId) + ": " + getMessage();
    }
}
