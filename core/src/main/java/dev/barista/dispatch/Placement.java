package dev.barista.dispatch;

import dev.barista.handler.Endpoint;

import java.util.concurrent.Executor;

/**
 * Where a model runs each kind of endpoint: the one decision that separates the reactor (blocking endpoints
 * to the worker pool) from a plain event loop (everything inline) or the thread models (the connection's
 * own thread). A {@link Endpoint.Kind#STREAMING} endpoint with no executor has its body received whole first.
 */
@FunctionalInterface
public interface Placement {

    /** The executor for endpoints of this kind, or null to run them on the thread serving the connection. */
    Executor executorFor(Endpoint.Kind kind);

    /** Everything on the thread serving the connection. */
    Placement INLINE = kind -> null;

    /** The reactor's: what may block goes to {@code workers}, the rest runs inline on the loop. */
    static Placement offLoop(Executor workers) {
        return kind -> kind == Endpoint.Kind.BLOCKING || kind == Endpoint.Kind.STREAMING ? workers : null;
    }
}
