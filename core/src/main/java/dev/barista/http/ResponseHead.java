package dev.barista.http;

/**
 * The status line and header fields of one response, as parsed and validated by {@link ResponseParser}.
 * Immutable, so it can travel from an event loop to any thread.
 *
 * @param status        the status code, 200-599 (interim 1xx responses are skipped by the parser)
 * @param reason        the reason phrase as received (possibly empty); clients should not rely on it
 * @param framing       how the body is delimited
 * @param contentLength the body length for {@link BodyFraming#FIXED}, 0 for NONE, -1 otherwise
 * @param keepAlive     whether the connection may carry another request after this response
 */
public record ResponseHead(
        int status,
        String reason,
        HttpVersion version,
        Headers headers,
        BodyFraming framing,
        long contentLength,
        boolean keepAlive) {

    /** How a response's body is delimited (RFC 9112 section 6.3). */
    public enum BodyFraming {
        /** No body: a response to HEAD, or 204 / 304, whatever its fields say. */
        NONE,
        /** Content-Length. */
        FIXED,
        /** Transfer-Encoding: chunked. */
        CHUNKED,
        /** Neither field: the body is everything until the server closes the connection. */
        UNTIL_CLOSE
    }

    /** Convenience for {@code headers().get(name)}. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return version + " " + status + " " + reason;
    }
}
