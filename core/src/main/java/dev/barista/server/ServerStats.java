package dev.barista.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters every transport keeps in the same vocabulary. Updated from any thread. */
public final class ServerStats {
    private static final CloseReason[] REASONS = CloseReason.values();

    public final AtomicInteger openConnections = new AtomicInteger();
    public final LongAdder acceptedConnections = new LongAdder();
    public final LongAdder refusedConnections = new LongAdder();
    public final LongAdder requests = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder handlerErrors = new LongAdder();
    public final LongAdder rejectedWork = new LongAdder();
    public final LongAdder timeouts = new LongAdder();
    /** Responses by route and status, with latency. */
    public final RouteMetrics routes = new RouteMetrics();
    private final LongAdder[] closedBy = new LongAdder[REASONS.length];

    public ServerStats() {
        for (int i = 0; i < closedBy.length; i++) closedBy[i] = new LongAdder();
    }

    /**
     * One request answered (or a message rejected): counted under its route and status class, and sent to
     * JFR when {@code dev.barista.Request} is enabled. Lock-free and allocation-free; any thread.
     *
     * @param method     the request's method, for JFR only (metrics use the route's, so clients cannot add
     *                   series); null for a message that could not be parsed
     * @param route      the route that served it, or null if none matched
     * @param startNanos {@link System#nanoTime()} when its head arrived
     * @return the request's latency in nanoseconds
     */
    public long answered(String method, dev.barista.handler.Route route, int status, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        routes.record(route, status, nanos);
        RequestEvent.emit(method, route == null ? RouteMetrics.UNMATCHED : route.pattern(), status, nanos);
        return nanos;
    }

    /** A hand-off refused by a full worker pool (answered 503). */
    public void rejected(dev.barista.handler.Route route) {
        rejectedWork.increment();
        RejectedWorkEvent.emit("worker_pool", route == null ? null : route.pattern());
    }

    /** A connection refused at the limit (answered 503 and closed). */
    public void refused() {
        refusedConnections.increment();
        closed(CloseReason.REFUSED);
        RejectedWorkEvent.emit("connection_limit", null);
    }

    /** One connection closed, for this reason. */
    public void closed(CloseReason reason) {
        closedBy[reason.ordinal()].increment();
    }

    public long closedBy(CloseReason reason) {
        return closedBy[reason.ordinal()].sum();
    }

    /** Responses by route and connections closed by reason, now, with the access log's counts. */
    public ServerSnapshot.Traffic traffic(AccessLog accessLog) {
        Map<String, Long> closes = new LinkedHashMap<>();
        for (CloseReason r : REASONS) closes.put(r.label(), closedBy[r.ordinal()].sum());
        return new ServerSnapshot.Traffic(routes.snapshot(), closes, accessLog == null ? 0 : accessLog.written(),
                accessLog == null ? 0 : accessLog.dropped());
    }
}
