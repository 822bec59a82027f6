package dev.barista.server;

import dev.barista.server.RequestEvent;
import dev.barista.server.RejectedWorkEvent;
import dev.barista.handler.ExchangeListener;
import dev.barista.handler.Route;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters every transport keeps in the same vocabulary, and the built-in listener that counts every answer
 * by route and status with its latency. Updated from any thread.
 */
public final class ServerStats implements ExchangeListener {
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
     * The request's method goes to JFR only (metrics use the route's, so clients cannot add series).
     */
    @Override
    public void answered(RequestHead head, Route route, Response response, long nanos, InetSocketAddress remote) {
        int status = response.status();
        routes.record(route, status, nanos);
        RequestEvent.emit(head == null ? null : head.method(), route == null ? RouteMetrics.UNMATCHED : route.pattern(),
                status, nanos);
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
