package dev.barista.load;

/** Why a request, or a connection, failed. */
public enum ErrorKind {
    /** The connection could not be opened (refused, no free port or descriptor, timed out). */
    CONNECT,
    /** The connection failed or was closed by the server with requests in flight. */
    READ,
    /** No response for the configured timeout with requests in flight. */
    TIMEOUT,
    /** A response with a 4xx status. */
    STATUS_4XX,
    /** A response with a 5xx status (a 503 from a full queue, for example). */
    STATUS_5XX,
    /** A response that breaks HTTP/1.1 (malformed, badly framed, too large). */
    PROTOCOL;

    public String label() {
        return switch (this) {
            case CONNECT -> "connect";
            case READ -> "read";
            case TIMEOUT -> "timeout";
            case STATUS_4XX -> "status 4xx";
            case STATUS_5XX -> "status 5xx";
            case PROTOCOL -> "protocol";
        };
    }
}
