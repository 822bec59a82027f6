package dev.barista.load;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a load run does: where it sends, how (closed loop with {@code pipeline} requests in flight per
 * connection, or open loop at {@code rate} requests per second in all), and for how long.
 *
 * @param uri         an {@code http://host:port/path?query} URL (no TLS)
 * @param connections connections kept open, spread over the loops
 * @param pipeline    requests in flight per connection at most (1: no pipelining)
 * @param rate        requests per second in all for an open loop, or 0 for a closed loop
 * @param warmup      time before measuring: responses completing then count in the totals, not the results
 * @param duration    the measured time
 * @param loops       event loops (threads) driving the connections
 * @param timeout     a connection with requests in flight and no response for this long fails with a timeout
 *                    (and a connect that takes this long fails as a connect error)
 * @param headers     extra request header fields, alternating names and values
 * @param method      the request method
 * @param body        the request body (empty: none)
 */
public record LoadConfig(URI uri, int connections, int pipeline, double rate, Duration warmup, Duration duration,
                         int loops, Duration timeout, List<String> headers, String method, byte[] body) {

    /** Connections per loopback source address before the next one (127.0.0.2, ...) is used. */
    public static final int CONNECTIONS_PER_SOURCE_ADDRESS = 25_000;

    public LoadConfig {
        if (!"http".equals(uri.getScheme())) throw new IllegalArgumentException("only http:// URLs are supported");
        if (uri.getHost() == null) throw new IllegalArgumentException("the URL has no host: " + uri);
        if (connections < 1) throw new IllegalArgumentException("connections must be at least 1");
        if (pipeline < 1 || pipeline > 1024) throw new IllegalArgumentException("pipeline must be 1..1024");
        if (rate < 0) throw new IllegalArgumentException("rate must not be negative");
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be positive");
        if (warmup.isNegative()) throw new IllegalArgumentException("warm-up must not be negative");
        if (loops < 1) throw new IllegalArgumentException("loops must be at least 1");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** A closed-loop GET run with one request in flight per connection. */
    public static LoadConfig closedLoop(URI uri, int connections, Duration warmup, Duration duration) {
        return new LoadConfig(uri, connections, 1, 0, warmup, duration, Runtime.getRuntime().availableProcessors(),
                Duration.ofSeconds(5), List.of(), "GET", new byte[0]);
    }

    public boolean openLoop() {
        return rate > 0;
    }

    public int port() {
        return uri.getPort() > 0 ? uri.getPort() : 80;
    }

    /** The request target: path and query, as sent. */
    public String target() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    public String hostHeader() {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    public LoadConfig withConnections(int n) {
        return new LoadConfig(uri, n, pipeline, rate, warmup, duration, loops, timeout, headers, method, body);
    }

    public LoadConfig withTimes(Duration warmup, Duration duration) {
        return new LoadConfig(uri, connections, pipeline, rate, warmup, duration, loops, timeout, headers, method, body);
    }

    public LoadConfig withLoops(int n) {
        return new LoadConfig(uri, connections, pipeline, rate, warmup, duration, n, timeout, headers, method, body);
    }

    public LoadConfig withUri(URI u) {
        return new LoadConfig(u, connections, pipeline, rate, warmup, duration, loops, timeout, headers, method, body);
    }

    public LoadConfig withPipeline(int depth) {
        return new LoadConfig(uri, connections, depth, rate, warmup, duration, loops, timeout, headers, method, body);
    }

    public LoadConfig withRate(double r) {
        return new LoadConfig(uri, connections, pipeline, r, warmup, duration, loops, timeout, headers, method, body);
    }

    public LoadConfig withTimeout(Duration t) {
        return new LoadConfig(uri, connections, pipeline, rate, warmup, duration, loops, t, headers, method, body);
    }
}
