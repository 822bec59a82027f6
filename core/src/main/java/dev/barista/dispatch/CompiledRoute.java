package dev.barista.dispatch;

import dev.barista.handler.Endpoint;
import dev.barista.handler.Filter;
import dev.barista.handler.Route;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * A route as the dispatcher runs it, fixed when the server starts: its filter chain as an array, where the
 * model runs it, and its pattern split once for matching.
 */
final class CompiledRoute {
    final Route route;
    final Endpoint.Kind kind;
    final Filter[] filters;
    /** Null: on the thread serving the connection. */
    final Executor executor;
    /** Whether its body is streamed to it while it runs (a streaming endpoint that has a thread of its own). */
    final boolean streamsBody;
    final long deadlineNanos;
    final List<String> segments;

    CompiledRoute(Route route, Placement placement) {
        this.route = route;
        Endpoint endpoint = route.endpoint();
        this.kind = endpoint.kind();
        this.filters = endpoint.filters().toArray(Filter[]::new);
        this.executor = placement.executorFor(kind);
        this.streamsBody = kind == Endpoint.Kind.STREAMING && executor != null;
        this.deadlineNanos = endpoint.deadline() == null ? 0 : endpoint.deadline().toNanos();
        this.segments = route.segments();
    }

    @Override
    public String toString() {
        return route.toString();
    }
}
