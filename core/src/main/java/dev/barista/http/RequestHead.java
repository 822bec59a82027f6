package dev.barista.http;

/**
 * The request line and header fields of one request, as parsed and validated by {@link RequestParser}.
 * Immutable, so it can travel from an event loop to a worker thread without copying.
 *
 * @param method      the method token, interned for the common methods (compare with equals)
 * @param target      the raw request-target as received (origin, absolute or asterisk form)
 * @param path        the raw, still percent-encoded path of the target, without the query
 * @param query       the raw query (after '?'), or null when the target has none
 * @param authority   the authority of an absolute-form target, or null to use the Host header (see {@link #authority()})
 * @param framing     how the body is delimited
 * @param contentLength the body length for {@link BodyFraming#FIXED}, 0 for NONE, -1 for CHUNKED
 * @param keepAlive   whether the connection may persist after this exchange (version, Connection header)
 * @param expectContinue whether the client waits for {@code 100 Continue} before sending the body
 */
public record RequestHead(
        String method,
        String target,
        String path,
        String query,
        HttpVersion version,
        Headers headers,
        String authority,
        BodyFraming framing,
        long contentLength,
        boolean keepAlive,
        boolean expectContinue) {

    /** How a request's body is delimited (RFC 9112 section 6.3). */
    public enum BodyFraming { NONE, FIXED, CHUNKED }

    /**
     * The request's authority: an absolute-form target's (which wins, RFC 9112 3.2.2), else the Host header
     * value, else null. Read from the headers on demand, so requests that never ask allocate nothing for it.
     */
    @Override
    public String authority() {
        return authority != null ? authority : headers.get("host");
    }

    public boolean hasBody() {
        return framing != BodyFraming.NONE;
    }

    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /** Convenience for {@code headers().get(name)}. */
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String toString() {
        return method + " " + target + " " + version;
    }
}
