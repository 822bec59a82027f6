package dev.barista.handler;

/**
 * What a route runs, and so where a model may run it. In the reactor (the café): {@link NonBlocking} and
 * {@link Async} are served at the counter, on the event loop; {@link Blocking} goes to the kitchen, the
 * bounded worker pool, and its response comes back to the loop. Models without a loop run all three on the
 * connection's own thread.
 */
public sealed interface Endpoint {

    /** May block: never runs on an event loop. */
    record Blocking(Handler handler) implements Endpoint {
    }

    /** Promises not to block: runs inline on the event loop, with no hand-off. */
    record NonBlocking(Handler handler) implements Endpoint {
    }

    /** Starts work and returns a stage; called on the loop, completed from anywhere. */
    record Async(AsyncHandler handler) implements Endpoint {
    }
}
