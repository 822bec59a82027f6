package dev.barista.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A response's trailer fields, asked of its supplier once the body is sent, as both protocols write them: valid
 * names and values only, and none of the fields that must be known before the content (RFC 9110 6.5.1:
 * framing, routing, authentication, request modifiers, response controls, content format) or that are
 * connection-specific. What is left out is logged; a trailer cannot fail a response whose head is already sent.
 */
public final class ResponseTrailers {
    private static final System.Logger LOG = System.getLogger(ResponseTrailers.class.getName());
    private static final String[] NONE = new String[0];
    private static final Set<String> NOT_IN_TRAILERS = Set.of(
            "content-length", "transfer-encoding", "content-type", "content-encoding", "content-range",
            "trailer", "te", "connection", "keep-alive", "proxy-connection", "upgrade", "host", "authorization",
            "proxy-authenticate", "proxy-authorization", "www-authenticate", "set-cookie", "cookie", "location",
            "cache-control", "expires", "age", "date", "vary", "retry-after", "expect", "max-forwards", "range");

    private ResponseTrailers() {
    }

    /** The fields, alternating names (in lower case) and values; empty when the response has none. */
    public static String[] fields(Response response) {
        if (response.trailers() == null) return NONE;
        Map<String, String> given;
        try {
            given = response.trailers().get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a response's trailer supplier failed; none sent", e);
            return NONE;
        }
        if (given == null || given.isEmpty()) return NONE;
        List<String> fields = new ArrayList<>(2 * given.size());
        given.forEach((name, value) -> {
            String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
            if (!Response.Builder.isName(lower) || value == null || !Response.Builder.isValue(value)
                    || NOT_IN_TRAILERS.contains(lower)) {
                LOG.log(System.Logger.Level.WARNING, "trailer field left out (not allowed in a trailer, or invalid): "
                        + name);
                return;
            }
            fields.add(lower);
            fields.add(value);
        });
        return fields.toArray(NONE);
    }
}
