package dev.barista.handler;

import dev.barista.http.HttpException;
import dev.barista.http.PercentDecoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a method and a path to a route. Literal paths are one hash lookup; patterns with {@code {name}}
 * segments or a final {@code *} are tried in registration order. HEAD falls back to GET. A path that exists
 * for other methods answers 405 with {@code Allow}.
 *
 * <p>Build it before the server starts; matching is then read-only and safe from any thread.
 */
public final class Router {
    private static final String[] NO_PARAMS = new String[0];

    private final Map<String, Map<String, RouteMatch.Found>> literal = new HashMap<>();
    private final List<Route> patterns = new ArrayList<>();

    /** Registers any route; the endpoint says where it may run. */
    public Router route(String method, String pattern, Endpoint endpoint) {
        if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern must start with '/': " + pattern);
        Route route = new Route(method, pattern, endpoint);
        if (route.isLiteral()) {
            Map<String, RouteMatch.Found> byMethod = literal.computeIfAbsent(pattern, p -> new LinkedHashMap<>());
            if (byMethod.putIfAbsent(method, new RouteMatch.Found(route, NO_PARAMS)) != null) {
                throw new IllegalArgumentException("duplicate route " + route);
            }
        } else {
            patterns.add(route);
        }
        return this;
    }

    /** A handler that may block: the reactor runs it on the worker pool. */
    public Router get(String pattern, Handler handler) {
        return route("GET", pattern, new Endpoint.Blocking(handler));
    }

    public Router post(String pattern, Handler handler) {
        return route("POST", pattern, new Endpoint.Blocking(handler));
    }

    public Router put(String pattern, Handler handler) {
        return route("PUT", pattern, new Endpoint.Blocking(handler));
    }

    public Router delete(String pattern, Handler handler) {
        return route("DELETE", pattern, new Endpoint.Blocking(handler));
    }

    /** A handler that may block and reads the body while it arrives (uploads): see {@link Endpoint.Streaming}. */
    public Router postStreaming(String pattern, Handler handler) {
        return route("POST", pattern, new Endpoint.Streaming(handler));
    }

    public Router putStreaming(String pattern, Handler handler) {
        return route("PUT", pattern, new Endpoint.Streaming(handler));
    }

    /** A handler that never blocks: the reactor runs it inline on the event loop. */
    public Router getNonBlocking(String pattern, Handler handler) {
        return route("GET", pattern, new Endpoint.NonBlocking(handler));
    }

    public Router postNonBlocking(String pattern, Handler handler) {
        return route("POST", pattern, new Endpoint.NonBlocking(handler));
    }

    /** A handler that answers later through a CompletionStage. */
    public Router getAsync(String pattern, AsyncHandler handler) {
        return route("GET", pattern, new Endpoint.Async(handler));
    }

    public Router postAsync(String pattern, AsyncHandler handler) {
        return route("POST", pattern, new Endpoint.Async(handler));
    }

    /**
     * Finds the route for a raw (percent-encoded) path.
     *
     * @throws HttpException 400 when a captured path segment is not valid percent-encoded UTF-8
     */
    public RouteMatch match(String method, String path) {
        Map<String, RouteMatch.Found> byMethod = literal.get(path);
        if (byMethod != null) {
            RouteMatch.Found found = byMethod.get(method);
            if (found == null && method.equals("HEAD")) found = byMethod.get("GET");
            if (found != null) return found;
        }
        Set<String> allowed = byMethod == null ? null : new TreeSet<>(byMethod.keySet());
        List<String> segments = null;
        for (Route route : patterns) {
            if (segments == null) segments = split(path);
            String[] params = matchPattern(route, segments);
            if (params == null) continue;
            if (route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"))) {
                return new RouteMatch.Found(route, params);
            }
            if (allowed == null) allowed = new TreeSet<>();
            allowed.add(route.method());
        }
        if (allowed == null) return RouteMatch.NOT_FOUND;
        if (allowed.contains("GET")) allowed.add("HEAD");
        return new RouteMatch.MethodNotAllowed(String.join(", ", allowed));
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        literal.values().forEach(m -> m.values().forEach(f -> all.add(f.route())));
        all.addAll(patterns);
        return all;
    }

    private static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        int from = 1;
        while (true) {
            int slash = path.indexOf('/', from);
            if (slash < 0) {
                segments.add(path.substring(from));
                return segments;
            }
            segments.add(path.substring(from, slash));
            from = slash + 1;
        }
    }

    private static String[] matchPattern(Route route, List<String> segments) {
        List<String> pattern = route.segments();
        List<String> params = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.equals("*") && i == pattern.size() - 1) {
                params.add("*");
                params.add(decode(String.join("/", segments.subList(Math.min(i, segments.size()), segments.size()))));
                return params.toArray(NO_PARAMS);
            }
            if (i >= segments.size()) return null;
            String s = segments.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (s.isEmpty()) return null;
                params.add(p.substring(1, p.length() - 1));
                params.add(decode(s));
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return pattern.size() == segments.size() ? params.toArray(NO_PARAMS) : null;
    }

    private static String decode(String segment) {
        return PercentDecoder.decode(segment, false);
    }
}
