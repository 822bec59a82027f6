package dev.barista.process;

import java.util.concurrent.TimeUnit;

/**
 * When to restart a worker slot whose process died. The first death is answered at once; a worker that
 * keeps dying soon after starting (a crash loop: a bad deploy, a port taken) is restarted ever later, up to
 * half a minute apart, so the master does not spin starting JVMs. A worker that stayed up a while resets it.
 * Supervisor thread only.
 */
final class RestartBackoff {
    private static final long[] DELAYS_MILLIS = {0, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000};
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private int quickDeaths;

    /** The delay before restarting a worker that lived {@code livedNanos}. */
    long delayMillis(long livedNanos) {
        if (livedNanos >= STABLE_NANOS) quickDeaths = 0;
        long delay = DELAYS_MILLIS[Math.min(quickDeaths, DELAYS_MILLIS.length - 1)];
        quickDeaths++;
        return delay;
    }
}
