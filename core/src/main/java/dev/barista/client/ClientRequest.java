package dev.barista.client;

import dev.barista.http.RequestEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One request to send to an {@link Upstream}: method, origin-form target ({@code /path?query}, already
 * percent-encoded), extra header fields and a body held in memory. Validated when built, so that nothing that
 * could split a request reaches the wire. Host, Content-Length, Transfer-Encoding and Connection are the
 * client's to set. The arrays are not copied: do not change them after building.
 *
 * @param headers alternating names and values
 * @param body    the body, empty for none (sent with Content-Length)
 */
public record ClientRequest(String method, String target, String[] headers, byte[] body) {
    private static final String[] NO_HEADERS = new String[0];
    private static final byte[] NO_BODY = new byte[0];

    public ClientRequest {
        RequestEncoder.validate(method, target, headers);
    }

    public static ClientRequest get(String target) {
        return new ClientRequest("GET", target, NO_HEADERS, NO_BODY);
    }

    public static ClientRequest head(String target) {
        return new ClientRequest("HEAD", target, NO_HEADERS, NO_BODY);
    }

    public static ClientRequest delete(String target) {
        return new ClientRequest("DELETE", target, NO_HEADERS, NO_BODY);
    }

    public static ClientRequest post(String target, String contentType, byte[] body) {
        return new ClientRequest("POST", target, new String[]{"Content-Type", contentType}, body);
    }

    public static ClientRequest post(String target, String contentType, String body) {
        return post(target, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static ClientRequest put(String target, String contentType, byte[] body) {
        return new ClientRequest("PUT", target, new String[]{"Content-Type", contentType}, body);
    }

    /** The same request with one more header field. */
    public ClientRequest withHeader(String name, String value) {
        String[] more = Arrays.copyOf(headers, headers.length + 2);
        more[headers.length] = name;
        more[headers.length + 1] = value;
        return new ClientRequest(method, target, more, body);
    }

    /**
     * Whether sending it twice means the same as once (RFC 9110 9.2.2): only such a request is sent again, once,
     * when a reused keep-alive connection turns out to have been closed by the server before any response byte.
     */
    public boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}
