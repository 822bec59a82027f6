package dev.barista.shop;

import dev.barista.client.ClientConfig;

import java.net.URI;
import java.time.Duration;

/**
 * The search gateway's settings.
 *
 * @param users           the user service's base URL, e.g. {@code http://127.0.0.1:8081}
 * @param callTimeout     each backend call, from its first byte written to its last read (connect and the wait
 *                        for a pooled connection are bounded by it too)
 * @param deadline        the whole search: past it the answer is 504 and every call still running is cancelled
 * @param connections     connections per backend per event loop
 * @param pending         calls per backend per event loop that may wait for a connection; beyond, a call fails
 *                        at once (and the failure policy answers)
 * @param workers         the blocking style's worker threads (and as many fan-out threads for its concurrent plan)
 * @param workerQueue     searches that may wait for a blocking worker; beyond, 503
 * @param maxSearches     searches in progress at once (admission control); beyond, 503 at once, before any work
 *                        is spent on a search that would only time out
 */
public record GatewayConfig(URI users, URI products, URI inventory, Style style, Plan plan, Duration callTimeout,
                            Duration deadline, int connections, int pending, int workers, int workerQueue,
                            int maxSearches) {
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);

    public GatewayConfig {
        if (connections < 1 || pending < 0 || workers < 1 || workerQueue < 0 || maxSearches < 1) {
            throw new IllegalArgumentException("connections, workers >= 1; pending, worker queue >= 0");
        }
        if (!callTimeout.isPositive() || !deadline.isPositive()) throw new IllegalArgumentException("timeouts > 0");
    }

    public static final int DEFAULT_MAX_SEARCHES = 2048;

    /**
     * Defaults: futures, concurrent, 1 s per call, 2 s per search, 256 connections, 8,192 pending, 16 workers,
     * 2,048 searches in progress.
     */
    public static GatewayConfig of(URI users, URI products, URI inventory) {
        return new GatewayConfig(users, products, inventory, Style.FUTURES, Plan.CONCURRENT, DEFAULT_CALL_TIMEOUT,
                DEFAULT_DEADLINE, 256, 8192, 16, 1024, DEFAULT_MAX_SEARCHES);
    }

    public GatewayConfig withDefaults(Style s, Plan p) {
        return new GatewayConfig(users, products, inventory, s, p, callTimeout, deadline, connections, pending,
                workers, workerQueue, maxSearches);
    }

    public GatewayConfig withTimeouts(Duration call, Duration whole) {
        return new GatewayConfig(users, products, inventory, style, plan, call, whole, connections, pending,
                workers, workerQueue, maxSearches);
    }

    public GatewayConfig withWorkers(int n, int queue) {
        return new GatewayConfig(users, products, inventory, style, plan, callTimeout, deadline, connections, pending,
                n, queue, maxSearches);
    }

    public GatewayConfig withConnections(int n, int waiting) {
        return new GatewayConfig(users, products, inventory, style, plan, callTimeout, deadline, n, waiting,
                workers, workerQueue, maxSearches);
    }

    public GatewayConfig withMaxSearches(int n) {
        return new GatewayConfig(users, products, inventory, style, plan, callTimeout, deadline, connections, pending,
                workers, workerQueue, n);
    }

    ClientConfig clientConfig() {
        return ClientConfig.DEFAULTS.withMaxConnections(connections).withMaxPending(pending)
                .withConnectTimeout(callTimeout).withAcquireTimeout(callTimeout).withRequestTimeout(callTimeout);
    }
}
