package dev.barista.handler;

/** The router's answer for a method and a path. */
public sealed interface RouteMatch {

    /** A route serves it; {@code params} alternates path-parameter names and decoded values. */
    record Found(Route route, String[] params) implements RouteMatch {
    }

    /** No route has this path: 404. */
    record NotFound() implements RouteMatch {
    }

    /** Routes have this path, but not for this method: 405 with {@code Allow}. */
    record MethodNotAllowed(String allow) implements RouteMatch {
    }

    RouteMatch NOT_FOUND = new NotFound();
}
