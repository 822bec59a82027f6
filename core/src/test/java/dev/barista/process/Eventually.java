package dev.barista.process;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling for conditions that other processes make true. */
final class Eventually {
    private Eventually() {
    }

    /** Waits until {@code condition} holds; returns the nanos it took, or fails after {@code limit}. */
    static long until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) throw new AssertionError("timed out waiting: " + what);
            Thread.sleep(5);
        }
        return System.nanoTime() - start;
    }
}
