package dev.barista.dispatch;

import dev.barista.handler.ConnectionInfo;
import dev.barista.handler.Route;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

/**
 * One request on its way through the dispatcher, as a protocol session presents it: the head, where it came
 * from, and how to answer it. Each protocol (HTTP/1's session, later HTTP/2's streams) extends it; the
 * dispatcher never knows which.
 *
 * <p>The route fields are written by {@link RequestDispatcher#route} on the session's thread before the
 * exchange is dispatched, and read after; {@link #respond} and {@link #cancel} may come from any thread.
 */
public abstract class Exchange {
    private RequestHead head;
    private long startNanos;
    /** The route serving it; null when the server answers it itself (then {@link #unrouted} says why). */
    CompiledRoute route;
    String[] params;
    RouteMatch unrouted;
    /** Stops the work under way for it (interrupts its worker, cancels its stage), or null. */
    private volatile Runnable canceller;
    private volatile boolean cancelled;

    /** @param startNanos when its head arrived ({@link System#nanoTime()} scale), for its latency */
    protected Exchange(RequestHead head, long startNanos) {
        this.head = head;
        this.startNanos = startNanos;
    }

    /**
     * Makes a finished exchange serve the next request of its connection (saves an allocation per request).
     * Only for an exchange that was answered: nothing may still hold it to answer or cancel it.
     */
    protected void reuse(RequestHead nextHead, long nextStartNanos) {
        head = nextHead;
        startNanos = nextStartNanos;
        route = null;
        params = null;
        unrouted = null;
        canceller = null;
        cancelled = false;
    }

    public final RequestHead head() {
        return head;
    }

    public final long startNanos() {
        return startNanos;
    }

    /** The route serving it, or null (none matched, or not routed yet). */
    public final Route route() {
        return route == null ? null : route.route;
    }

    /**
     * Whether a route will read the body: false for requests the server answers itself (404, 405, a bad
     * path), whose body is discarded as it arrives rather than kept.
     */
    public final boolean wantsBody() {
        return route != null;
    }

    /** Whether the body goes to the handler while it arrives: dispatch at the head, with a streaming body. */
    public final boolean streamsBody() {
        return route != null && route.streamsBody;
    }

    /** The connection the request arrived on. */
    public abstract ConnectionInfo connection();

    /**
     * Whether {@link #respond} may be called later, from another thread. When false the dispatcher finishes
     * the work on the calling thread (a blocking transport's connection thread) before returning.
     */
    public abstract boolean acceptsLateResponses();

    /** The answer, from any thread; the session sends it from its own. At most once. */
    public abstract void respond(Response response);

    /**
     * The exchange will never be answered (its connection closed, or its deadline passed): stop its work.
     * Idempotent; any thread.
     */
    public final void cancel() {
        cancelled = true;
        Runnable c = canceller;
        if (c != null) c.run();
    }

    public final boolean isCancelled() {
        return cancelled;
    }

    /** What {@link #cancel} runs; if the exchange is already cancelled, runs it at once. */
    final void onCancel(Runnable action) {
        canceller = action;
        if (cancelled) action.run();
    }
}
