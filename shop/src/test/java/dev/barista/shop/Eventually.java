package dev.barista.shop;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Polls a condition until it holds or the (generous) bound passes: for effects that complete asynchronously. */
final class Eventually {
    private Eventually() {
    }

    static void within(Duration bound, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within " + bound + ": " + what);
            Thread.sleep(10);
        }
    }
}
