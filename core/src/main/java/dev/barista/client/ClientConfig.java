package dev.barista.client;

import dev.barista.http.HttpLimits;

import java.time.Duration;

/**
 * Every bound and wait of the client, per {@link Upstream}.
 *
 * @param maxConnections  connections to one upstream, open or opening; requests beyond wait for one to free up
 * @param maxPending      requests that may wait for a connection; beyond it a request fails at once with
 *                        {@link ClientOverloadedException}
 * @param connectTimeout  how long a TCP connect may take
 * @param acquireTimeout  how long a request may wait for a pooled connection
 * @param requestTimeout  from the first byte written until the whole response has arrived
 * @param idleTimeout     how long a keep-alive connection may sit unused in the pool; keep it below the server's
 *                        idle timeout (Barista's default is 60 s) so the client, not the server, closes it
 * @param limits          what a response may be: status line ({@code maxRequestLineLength}), header section,
 *                        header count, body size (the whole body is held in memory), chunk line
 */
public record ClientConfig(
        int maxConnections,
        int maxPending,
        Duration connectTimeout,
        Duration acquireTimeout,
        Duration requestTimeout,
        Duration idleTimeout,
        HttpLimits limits) {

    /** 64 connections and 1,024 waiting requests per upstream; 2 s connect, 5 s acquire, 10 s request, 30 s idle. */
    public static final ClientConfig DEFAULTS = new ClientConfig(64, 1024, Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), HttpLimits.DEFAULTS);

    public ClientConfig {
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections < 1");
        if (maxPending < 0) throw new IllegalArgumentException("maxPending < 0");
        for (Duration d : new Duration[]{connectTimeout, acquireTimeout, requestTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public ClientConfig withMaxConnections(int v) {
        return new ClientConfig(v, maxPending, connectTimeout, acquireTimeout, requestTimeout, idleTimeout, limits);
    }

    public ClientConfig withMaxPending(int v) {
        return new ClientConfig(maxConnections, v, connectTimeout, acquireTimeout, requestTimeout, idleTimeout, limits);
    }

    public ClientConfig withConnectTimeout(Duration v) {
        return new ClientConfig(maxConnections, maxPending, v, acquireTimeout, requestTimeout, idleTimeout, limits);
    }

    public ClientConfig withAcquireTimeout(Duration v) {
        return new ClientConfig(maxConnections, maxPending, connectTimeout, v, requestTimeout, idleTimeout, limits);
    }

    public ClientConfig withRequestTimeout(Duration v) {
        return new ClientConfig(maxConnections, maxPending, connectTimeout, acquireTimeout, v, idleTimeout, limits);
    }

    public ClientConfig withIdleTimeout(Duration v) {
        return new ClientConfig(maxConnections, maxPending, connectTimeout, acquireTimeout, requestTimeout, v, limits);
    }

    public ClientConfig withLimits(HttpLimits v) {
        return new ClientConfig(maxConnections, maxPending, connectTimeout, acquireTimeout, requestTimeout, idleTimeout,
                v);
    }
}
