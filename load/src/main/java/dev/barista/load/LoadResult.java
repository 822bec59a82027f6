package dev.barista.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a load run measured. Latency and throughput cover the measured window only (responses completing after
 * the warm-up and before the end); errors and the totals cover the whole run, warm-up included, because a
 * connection refused at the start is exactly what a report must show.
 *
 * @param requests           responses completed in the measured window
 * @param requestsPerSecond  {@code requests} over the measured window's length
 * @param okRequests         of those, successful ones (status below 400): the latency percentiles are theirs
 * @param okPerSecond        {@code okRequests} over the measured window's length
 * @param sent               requests written over the whole run
 * @param completed          responses received over the whole run (any status)
 * @param errors             errors by kind ({@link ErrorKind#label()}), only the kinds that occurred
 * @param connectFailures    connect failures by reason, naming the system limit when one is the cause
 * @param serverCloses       connections the server closed (Connection: close, or the end of the stream)
 * @param unconnectedAtEnd   connections not established when the run ended (connecting, or about to retry)
 * @param limits             plain sentences about the system limits that stopped or may stop this run
 * @param classes            under a {@link RequestMix}, the measured window per class ({@code fast}, {@code slow});
 *                           empty (or null, read from an older file) otherwise
 */
public record LoadResult(String url, String method, int connections, int pipeline, double rate, int loops,
                         double warmupSeconds, double measuredSeconds, long requests, double requestsPerSecond,
                         long okRequests, double okPerSecond, Latency latency, long sent, long completed, long errorTotal, Map<String, Long> errors,
                         Map<String, Long> connectFailures, int maxOpenConnections, long serverCloses,
                         int unconnectedAtEnd, List<String> limits, Map<String, RequestClass> classes) {

    /** One class of a mixed run, over the measured window: responses, successful ones, and their latency. */
    public record RequestClass(long requests, long okRequests, double okPerSecond, Latency latency) {
    }

    /** The class named so, or null when the run had no mix (or not that class). */
    public RequestClass requestClass(String name) {
        return classes == null ? null : classes.get(name);
    }

    /**
     * Latency percentiles of the successful responses, in milliseconds; under an open loop, from each request's
     * intended send time.
     */
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    }

    public long errorsOf(ErrorKind kind) {
        return errors.getOrDefault(kind.label(), 0L);
    }

    /** A human summary, wrk-style. */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s %s: %d connections%s, %s, %d loops, %.1f s measured after %.1f s warm-up%n",
                method, url, connections, pipeline > 1 ? " (pipeline " + pipeline + ")" : "",
                rate > 0 ? String.format(Locale.ROOT, "open loop at %,.0f req/s (latency from intended send times)", rate)
                        : "closed loop", loops, measuredSeconds, warmupSeconds));
        b.append(String.format(Locale.ROOT, "  Requests/s  %,12.1f   (%,d responses measured)%n", requestsPerSecond,
                requests));
        if (okRequests != requests) {
            b.append(String.format(Locale.ROOT, "  Successful  %,12.1f/s (%,d with a status below 400; latency is theirs)%n",
                    okPerSecond, okRequests));
        }
        b.append(String.format(Locale.ROOT, "  Latency ms  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
                latency.p50, latency.p90, latency.p99, latency.p999, latency.max, latency.mean));
        if (classes != null) {
            classes.forEach((name, c) -> b.append(String.format(Locale.ROOT,
                    "  %-10s  %,12.1f/s ok (%,d measured)  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms%n", name,
                    c.okPerSecond(), c.requests(), c.latency().p50(), c.latency().p99(), c.latency().p999(),
                    c.latency().max())));
        }
        b.append(String.format(Locale.ROOT, "  Whole run   sent %,d  completed %,d  max open connections %,d  "
                + "closed by the server %,d  not connected at the end %,d%n", sent, completed, maxOpenConnections,
                serverCloses, unconnectedAtEnd));
        if (errorTotal == 0) {
            b.append("  Errors      none\n");
        } else {
            b.append(String.format(Locale.ROOT, "  Errors      %,d:", errorTotal));
            errors.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %s %,d", k, v)));
            b.append('\n');
            connectFailures.forEach((k, v) -> b.append(String.format(Locale.ROOT, "    connect: %,d x %s%n", v, k)));
        }
        for (String limit : limits) b.append("  Limit: ").append(limit).append('\n');
        return b.toString();
    }
}
