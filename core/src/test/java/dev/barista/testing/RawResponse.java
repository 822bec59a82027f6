package dev.barista.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP response as read off a raw socket: status line, header fields in arrival order, the body
 * (de-chunked) and, for a chunked body, its trailer fields.
 *
 * @param chunked whether the body arrived with {@code Transfer-Encoding: chunked}
 */
public record RawResponse(String version, int status, String reason, List<Map.Entry<String, String>> headers,
                          byte[] body, boolean chunked, List<Map.Entry<String, String>> trailers) {

    /** The first value of the named field (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) return h.getValue();
        }
        return null;
    }

    public boolean hasHeader(String name) {
        return header(name) != null;
    }

    /** Whether the server said it closes the connection after this response. */
    public boolean closes() {
        String connection = header("connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason + " " + headers + " (" + body.length + " body bytes)";
    }
}
