package dev.barista.client;

import dev.barista.http.Headers;
import dev.barista.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * A complete response from an upstream: status, header fields, the whole body (bounded by the client's
 * {@code maxBodySize}) and trailers. Immutable; do not change the body array.
 */
public record ClientResponse(int status, String reason, HttpVersion version, Headers headers, byte[] body,
                             Headers trailers) {

    /** The first value of the named header field, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClientResponse[" + status + ", " + body.length + " bytes]";
    }
}
