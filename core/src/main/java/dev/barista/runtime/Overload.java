package dev.barista.runtime;

import dev.barista.http.Response;

import java.nio.charset.StandardCharsets;

/** The answers a server gives when it is full, the same under every model. */
public final class Overload {
    private static final String TOO_MANY = "Service Unavailable: too many connections\n";
    private static final byte[] TOO_MANY_CONNECTIONS = ("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
            + "Content-Type: text/plain\r\nContent-Length: " + TOO_MANY.length() + "\r\nConnection: close\r\n\r\n"
            + TOO_MANY).getBytes(StandardCharsets.US_ASCII);

    private Overload() {
    }

    /** A hand-off to a full worker pool was refused. */
    public static Response workersBusy() {
        return Response.status(503).header("Retry-After", "1").contentType(Response.TEXT_PLAIN)
                .body("Service Unavailable: all workers busy\n");
    }

    /**
     * The whole response written to a connection accepted beyond {@code maxConnections}, before closing it.
     * Pre-encoded: refusing must cost next to nothing.
     */
    public static byte[] tooManyConnections() {
        return TOO_MANY_CONNECTIONS.clone();
    }
}
