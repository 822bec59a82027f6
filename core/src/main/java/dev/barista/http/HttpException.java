package dev.barista.http;

/**
 * Thrown by a handler to answer with a specific status (for example 400 for a malformed parameter).
 * The message is sent as the response body, so it must not echo unvalidated client input.
 */
public class HttpException extends RuntimeException {
    private final int status;

    public HttpException(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
