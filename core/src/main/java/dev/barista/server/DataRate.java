package dev.barista.server;

import java.time.Duration;

/**
 * The slowest a client may move bytes, after a grace period: so that a client trickling one byte every
 * 25 seconds (under every inactivity timeout) cannot hold a connection, a worker or buffered memory for
 * long. Measured from the start of a request body, or from when a response's bytes began to wait for the
 * client, like Kestrel's minimum data rates and nginx's send and receive timeouts.
 *
 * @param bytesPerSecond zero disables the check
 * @param grace          how long a transfer may run before its average rate is held to {@code bytesPerSecond}
 */
public record DataRate(long bytesPerSecond, Duration grace) {
    /** Kestrel's defaults: 240 bytes/s after 5 seconds. */
    public static final DataRate DEFAULT = new DataRate(240, Duration.ofSeconds(5));
    public static final DataRate NONE = new DataRate(0, Duration.ZERO);

    public DataRate {
        if (bytesPerSecond < 0) throw new IllegalArgumentException("bytesPerSecond must be >= 0");
        if (grace == null || grace.isNegative()) throw new IllegalArgumentException("grace must be >= 0");
    }

    public boolean enabled() {
        return bytesPerSecond > 0;
    }

    /**
     * The instant by which a transfer that started at {@code startNanos} must have moved {@code moved} bytes
     * plus one more, or {@link Long#MAX_VALUE} when the rate is not enforced.
     */
    public long deadline(long startNanos, long moved) {
        if (!enabled()) return Long.MAX_VALUE;
        long allowance = Math.multiplyHigh(moved + 1, 1_000_000_000L) != 0 ? Long.MAX_VALUE / 4
                : (moved + 1) * 1_000_000_000L / bytesPerSecond;
        return startNanos + Math.max(grace.toNanos(), allowance);
    }
}
