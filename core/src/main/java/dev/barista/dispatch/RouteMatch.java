package dev.barista.dispatch;

/** The route table's answer for a method and a path. */
sealed interface RouteMatch {

    /** A route serves it; {@code params} alternates path-parameter names and decoded values. */
    record Found(CompiledRoute route, String[] params) implements RouteMatch {
    }

    /** No route has this path: 404. */
    record NotFound() implements RouteMatch {
    }

    /** Routes have this path, but not for this method: 405 with {@code Allow}. */
    record MethodNotAllowed(String allow) implements RouteMatch {
    }

    /** The path cannot be decoded (a captured segment is not valid percent-encoded UTF-8): 400. */
    record BadPath(String reason) implements RouteMatch {
    }

    RouteMatch NOT_FOUND = new NotFound();
}
