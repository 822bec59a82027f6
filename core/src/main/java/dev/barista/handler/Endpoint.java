package dev.barista.handler;

/**
 * What a route runs, and so where a model may run it. In the reactor (the café): {@link NonBlocking} and
 * {@link Async} are served at the counter, on the event loop; {@link Blocking} and {@link Streaming} go to the
 * kitchen, the bounded worker pool, and their responses come back to the loop. Models without a loop run
 * them all on the connection's own thread.
 */
public sealed interface Endpoint {

    /** Whether the handler may block, so that a model must keep it off its event loops. */
    default boolean mayBlock() {
        return false;
    }

    /** May block: never runs on an event loop. The body is received whole before it runs. */
    record Blocking(Handler handler) implements Endpoint {
        @Override
        public boolean mayBlock() {
            return true;
        }
    }

    /**
     * May block, and reads the request body while it arrives ({@code request.body().asStream()}) instead of
     * after: for uploads larger than one wants in memory. Reading is bounded by the connection's water marks
     * (a slow handler slows the client) and by {@code maxBodySize}. Where no thread but the loop is available
     * (the event-loop model) the body is received whole first.
     */
    record Streaming(Handler handler) implements Endpoint {
        @Override
        public boolean mayBlock() {
            return true;
        }
    }

    /** Promises not to block: runs inline on the event loop, with no hand-off. */
    record NonBlocking(Handler handler) implements Endpoint {
    }

    /** Starts work and returns a stage; called on the loop, completed from anywhere. */
    record Async(AsyncHandler handler) implements Endpoint {
    }

    /** The handler that runs the request, for the endpoints that have one. */
    static Handler handlerOf(Endpoint endpoint) {
        return switch (endpoint) {
            case Blocking b -> b.handler();
            case Streaming s -> s.handler();
            case NonBlocking n -> n.handler();
            case Async a -> throw new IllegalArgumentException("an async endpoint has no plain handler");
        };
    }
}
