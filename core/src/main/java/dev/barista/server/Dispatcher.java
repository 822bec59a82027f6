package dev.barista.server;

import dev.barista.handler.Endpoint;

import java.util.concurrent.Executor;

/**
 * Where a model runs each kind of endpoint: the one decision that separates the reactor (blocking endpoints
 * to the worker pool) from a plain event loop (everything inline) or the thread models (the connection's own
 * thread).
 */
@FunctionalInterface
public interface Dispatcher {

    /** The executor for this endpoint, or null to run it inline on the thread serving the connection. */
    Executor executorFor(Endpoint endpoint);

    Dispatcher INLINE = endpoint -> null;
}
