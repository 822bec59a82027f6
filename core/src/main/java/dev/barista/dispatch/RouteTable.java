package dev.barista.dispatch;

import dev.barista.handler.Route;
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
 * Maps a method and a raw path to a route, once per request. Literal paths are one hash lookup; patterns with
 * {@code {name}} segments or a final {@code *} are tried in registration order. HEAD falls back to GET. A path
 * that exists for other methods answers 405 with {@code Allow}. Immutable: built when the server starts.
 */
final class RouteTable {
    private static final String[] NO_PARAMS = new String[0];

    private final Map<String, Map<String, RouteMatch.Found>> literal = new HashMap<>();
    private final List<CompiledRoute> patterns = new ArrayList<>();

    RouteTable(List<Route> routes, Placement placement) {
        for (Route route : routes) {
            CompiledRoute compiled = new CompiledRoute(route, placement);
            if (route.isLiteral()) {
                Map<String, RouteMatch.Found> byMethod = literal.computeIfAbsent(route.pattern(), p -> new LinkedHashMap<>());
                if (byMethod.putIfAbsent(route.method(), new RouteMatch.Found(compiled, NO_PARAMS)) != null) {
                    throw new IllegalArgumentException("duplicate route " + route);
                }
            } else {
                for (CompiledRoute other : patterns) {
                    if (other.route.method().equals(route.method()) && other.route.pattern().equals(route.pattern())) {
                        throw new IllegalArgumentException("duplicate route " + route);
                    }
                }
                patterns.add(compiled);
            }
        }
    }

    RouteMatch match(String method, String path) {
        Map<String, RouteMatch.Found> byMethod = literal.get(path);
        if (byMethod != null) {
            RouteMatch.Found found = byMethod.get(method);
            if (found == null && method.equals("HEAD")) found = byMethod.get("GET");
            if (found != null) return found;
        }
        if (patterns.isEmpty() && byMethod == null) return RouteMatch.NOT_FOUND;
        Set<String> allowed = byMethod == null ? null : new TreeSet<>(byMethod.keySet());
        List<String> segments = null;
        RouteMatch.Found headFallback = null;
        try {
            for (CompiledRoute route : patterns) {
                if (segments == null) segments = split(path);
                String[] params = matchPattern(route, segments);
                if (params == null) continue;
                String m = route.route.method();
                if (m.equals(method)) return new RouteMatch.Found(route, params);
                if (method.equals("HEAD") && m.equals("GET") && headFallback == null) {
                    headFallback = new RouteMatch.Found(route, params);
                }
                if (allowed == null) allowed = new TreeSet<>();
                allowed.add(m);
            }
        } catch (HttpException e) {
            return new RouteMatch.BadPath(e.getMessage());
        }
        if (headFallback != null) return headFallback;
        if (allowed == null) return RouteMatch.NOT_FOUND;
        if (allowed.contains("GET")) allowed.add("HEAD");
        return new RouteMatch.MethodNotAllowed(String.join(", ", allowed));
    }

    /** The literal paths, as the Strings the table is keyed by. */
    java.util.Set<String> literalPaths() {
        return literal.keySet();
    }

    List<Route> routes() {
        List<Route> all = new ArrayList<>();
        literal.values().forEach(m -> m.values().forEach(f -> all.add(f.route().route)));
        for (CompiledRoute r : patterns) all.add(r.route);
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

    private static String[] matchPattern(CompiledRoute route, List<String> segments) {
        List<String> pattern = route.segments;
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
