package dev.barista.handler;

import dev.barista.http.Headers;
import dev.barista.http.HttpVersion;
import dev.barista.http.PercentDecoder;
import dev.barista.http.RequestHead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handler sees: the immutable request head, the body, and the route's path parameters.
 * Safe to hand to another thread.
 */
public final class Request {
    private final RequestHead head;
    private final RequestBody body;
    private final Headers trailers;
    private final String[] pathParams;
    private Map<String, List<String>> queryParams;

    public Request(RequestHead head, RequestBody body, Headers trailers, String[] pathParams) {
        this.head = head;
        this.body = body;
        this.trailers = trailers;
        this.pathParams = pathParams;
    }

    public RequestHead head() {
        return head;
    }

    public String method() {
        return head.method();
    }

    /** The raw path, without the query. */
    public String path() {
        return head.path();
    }

    public HttpVersion version() {
        return head.version();
    }

    public Headers headers() {
        return head.headers();
    }

    public String header(String name) {
        return head.headers().get(name);
    }

    public RequestBody body() {
        return body;
    }

    /** Trailer fields of a chunked body; empty otherwise. */
    public Headers trailers() {
        return trailers;
    }

    /** A {@code {name}} segment of the route's pattern, decoded; null if the pattern has none. */
    public String pathParam(String name) {
        for (int i = 0; i < pathParams.length; i += 2) {
            if (pathParams[i].equals(name)) return pathParams[i + 1];
        }
        return null;
    }

    /** The first value of a query parameter, decoded ({@code +} is a space), or null. */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.getFirst();
    }

    public Map<String, List<String>> queryParams() {
        if (queryParams == null) queryParams = parseQuery(head.query());
        return queryParams;
    }

    private static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) return params;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decodeQueryPart(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeQueryPart(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return params;
    }

    private static String decodeQueryPart(String s) {
        return PercentDecoder.decode(s, true);
    }

    @Override
    public String toString() {
        return head.toString();
    }
}
