package dev.barista.handler;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route's handler and how it runs: declared once, with a factory, and the same under every model and
 * protocol. In the reactor (the café): {@link Kind#NON_BLOCKING} and {@link Kind#ASYNC} are served at the
 * counter, on the event loop; {@link Kind#BLOCKING} and {@link Kind#STREAMING} go to the kitchen, the bounded
 * worker pool, and their responses come back to the loop. Models without a loop run them all on the thread
 * that serves the connection.
 *
 * <pre>{@code
 * import static dev.barista.handler.Endpoint.*;
 * builder.get("/users/{id}", request -> ...)                  // blocking(...) is the default: may block
 *        .get("/hello", nonBlocking(request -> ...))          // never blocks: runs on the event loop
 *        .get("/quote", async(request -> quotes.fetch()))     // returns a CompletionStage
 *        .post("/upload", streaming(request -> ...))          // reads the body while it arrives
 *        .get("/admin", blocking(handler).with(auth));        // filters for this route alone
 * }</pre>
 */
public final class Endpoint {

    /** How a handler runs. */
    public enum Kind {
        /** May block: never runs on an event loop. The body is received whole before it runs. */
        BLOCKING,
        /** Promises not to block: runs inline on the event loop, with no hand-off. */
        NON_BLOCKING,
        /** Starts work and returns a stage; called on the loop (so it must not block), completed anywhere. */
        ASYNC,
        /**
         * May block, and reads the request body while it arrives ({@code request.body().asStream()}) instead
         * of after: for uploads larger than one wants in memory. Reading is bounded by the connection's water
         * marks (a slow handler slows the client) and by {@code maxBodySize}. Where no thread but the one
         * reading the connection is available (event-loop, the thread models) the body is received whole first.
         */
        STREAMING
    }

    private final Kind kind;
    private final Handler handler;
    private final AsyncHandler asyncHandler;
    private final List<Filter> filters;
    private final Duration deadline;

    private Endpoint(Kind kind, Handler handler, AsyncHandler asyncHandler, List<Filter> filters, Duration deadline) {
        this.kind = kind;
        this.handler = handler;
        this.asyncHandler = asyncHandler;
        this.filters = filters;
        this.deadline = deadline;
    }

    /** A handler that may block (JDBC, files, a blocking call): the default of the route methods. */
    public static Endpoint blocking(Handler handler) {
        return new Endpoint(Kind.BLOCKING, Objects.requireNonNull(handler), null, List.of(), null);
    }

    /** A handler that never blocks: under the reactor it runs inline on the event loop. */
    public static Endpoint nonBlocking(Handler handler) {
        return new Endpoint(Kind.NON_BLOCKING, Objects.requireNonNull(handler), null, List.of(), null);
    }

    /** A handler that answers later through a {@code CompletionStage}, completed from any thread. */
    public static Endpoint async(AsyncHandler handler) {
        return new Endpoint(Kind.ASYNC, null, Objects.requireNonNull(handler), List.of(), null);
    }

    /** A handler that may block and reads the request body while it arrives. */
    public static Endpoint streaming(Handler handler) {
        return new Endpoint(Kind.STREAMING, Objects.requireNonNull(handler), null, List.of(), null);
    }

    /** The same endpoint with these filters around it (inside the filters of its groups and the server's). */
    public Endpoint with(Filter... more) {
        List<Filter> all = new java.util.ArrayList<>(filters);
        for (Filter f : more) all.add(Objects.requireNonNull(f));
        return new Endpoint(kind, handler, asyncHandler, List.copyOf(all), deadline);
    }

    /**
     * The same endpoint with a time limit: a handler that has not answered within {@code limit} is answered
     * 503 (its work is cancelled: an async stage is cancelled, a worker's thread interrupted, and a late
     * answer is dropped).
     */
    public Endpoint deadline(Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("deadline must be > 0");
        return new Endpoint(kind, handler, asyncHandler, filters, limit);
    }

    public Kind kind() {
        return kind;
    }

    /** The handler, for every kind but {@link Kind#ASYNC}. */
    public Handler handler() {
        return handler;
    }

    /** The handler of an {@link Kind#ASYNC} endpoint. */
    public AsyncHandler asyncHandler() {
        return asyncHandler;
    }

    public List<Filter> filters() {
        return filters;
    }

    /** The handler's time limit, or null for none. */
    public Duration deadline() {
        return deadline;
    }

    /** Whether the handler may block, so that a model must keep it off its event loops. */
    public boolean mayBlock() {
        return kind == Kind.BLOCKING || kind == Kind.STREAMING;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
