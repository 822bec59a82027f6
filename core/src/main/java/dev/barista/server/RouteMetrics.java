package dev.barista.server;

import dev.barista.handler.Route;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Responses counted by route and status class, with their latency: what {@code /metrics} shows as
 * {@code barista_http_requests_total} and {@code barista_http_request_duration_seconds}.
 *
 * <p>The label is the route's pattern ({@code /users/{id}}), never the raw path, so a scan of random URLs
 * adds no series: every request that matched no route (404, 405, a malformed path, a message the codec
 * rejected) is counted under {@link #UNMATCHED}. Recording is lock-free and allocation-free once a route has
 * been seen (an array read by route id, and striped counters).
 */
public final class RouteMetrics {
    /** The route label of requests that matched no route. */
    public static final String UNMATCHED = "<unmatched>";

    /** By {@link Route#id()}: an array read is all a request costs once its route has been seen. */
    private volatile Counts[] byRoute = new Counts[64];
    private final Counts unmatched = new Counts("", UNMATCHED);

    /**
     * One answered request.
     *
     * @param route  the route that served it, or null if none matched
     * @param status the response's status code
     * @param nanos  from the request's head arriving to its response being queued for writing
     */
    public void record(Route route, int status, long nanos) {
        Counts counts = unmatched;
        if (route != null) {
            Counts[] table = byRoute;
            int id = route.id();
            counts = id < table.length ? table[id] : null;
            if (counts == null) counts = add(route);
        }
        counts.record(status, nanos);
    }

    /** The first answer of a route: a copy of the table with it (rare, so a lock is fine). */
    private synchronized Counts add(Route route) {
        Counts[] table = byRoute;
        int id = route.id();
        if (id < table.length && table[id] != null) return table[id];
        Counts[] grown = java.util.Arrays.copyOf(table, Math.max(table.length, Integer.highestOneBit(id) * 2));
        Counts counts = new Counts(route.method(), route.pattern());
        grown[id] = counts;
        byRoute = grown;
        return counts;
    }

    /** Every route that answered at least once, and the unmatched requests if there were any. */
    public List<ServerSnapshot.RouteTraffic> snapshot() {
        List<ServerSnapshot.RouteTraffic> all = new ArrayList<>();
        for (Counts c : byRoute) {
            if (c != null) all.add(c.snapshot());
        }
        if (unmatched.total() > 0) all.add(unmatched.snapshot());
        return all;
    }

    private static final class Counts {
        final String method;
        final String pattern;
        /** By status class: index 0 for 1xx ... 4 for 5xx. */
        final LongAdder[] byClass = new LongAdder[5];
        final DurationHistogram duration = new DurationHistogram();

        Counts(String method, String pattern) {
            this.method = method;
            this.pattern = pattern;
            for (int i = 0; i < byClass.length; i++) byClass[i] = new LongAdder();
        }

        void record(int status, long nanos) {
            int c = status / 100 - 1;
            byClass[Math.clamp(c, 0, 4)].increment();
            duration.record(nanos);
        }

        long total() {
            long n = 0;
            for (LongAdder a : byClass) n += a.sum();
            return n;
        }

        ServerSnapshot.RouteTraffic snapshot() {
            long[] classes = new long[byClass.length];
            for (int i = 0; i < classes.length; i++) classes[i] = byClass[i].sum();
            return new ServerSnapshot.RouteTraffic(method, pattern, ServerSnapshot.RouteTraffic.byClass(classes),
                    duration.snapshot());
        }
    }
}
