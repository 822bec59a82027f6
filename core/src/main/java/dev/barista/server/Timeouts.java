package dev.barista.server;

import java.time.Duration;

/**
 * Every wait a connection can impose on the server, each with its answer:
 *
 * @param idle          keep-alive connection with no request in progress → closed quietly
 * @param requestHeader from the first byte of a request head to its end (slowloris) → 408, closed
 * @param body          with no body bytes arriving → 408, closed
 * @param write         with response bytes pending and the client not reading → closed
 * @param linger        after the last response of a closing connection, unread input is drained for at most
 *                      this long before the close, so the client sees the response and not a reset
 */
public record Timeouts(Duration idle, Duration requestHeader, Duration body, Duration write, Duration linger) {
    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(2));

    public Timeouts {
        for (Duration d : new Duration[]{idle, requestHeader, body, write, linger}) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("timeouts must be > 0");
        }
    }
}
