package dev.barista.server;

/**
 * Why a connection closed, one counter each. A connection is counted once, under the first reason that
 * applied (a protocol error answered with 400 then lingering is a protocol error, not a client close).
 */
public enum CloseReason {
    /** The client closed (EOF or reset) between or during requests. */
    CLIENT_CLOSED("client_closed"),
    /** A response ended the connection: the client asked for {@code Connection: close}, or HTTP/1.0. */
    RESPONSE_CLOSE("response_close"),
    /** Nothing arrived for the idle timeout between requests. */
    IDLE_TIMEOUT("idle_timeout"),
    /** A request head or body stopped arriving (answered 408). */
    REQUEST_TIMEOUT("request_timeout"),
    /** The client did not read our response within the write timeout. */
    WRITE_TIMEOUT("write_timeout"),
    /** The codec rejected a message (400, 413, 414, 431, 501, 505). */
    PROTOCOL_ERROR("protocol_error"),
    /** A TLS handshake failed or did not finish in time (no HTTP was spoken). */
    HANDSHAKE_FAILED("handshake_failed"),
    /** A graceful stop closed it (idle at the stop, or after its in-flight answers, or at the grace's end). */
    SERVER_STOP("server_stop"),
    /** Refused mid-request because the server's memory budget was spent: answered 503 and closed. */
    OVERLOAD("overload"),
    /** Refused at the connection limit (or no process could serve it): answered 503 and closed. */
    REFUSED("refused"),
    /** A read or write failed (reset, broken pipe), or the server hit an internal error on it. */
    IO_ERROR("io_error");

    private final String label;

    CloseReason(String label) {
        this.label = label;
    }

    /** The name in metrics: lower case, underscores. */
    public String label() {
        return label;
    }
}
