package dev.barista.shop;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests a backend is working on now, the most it has held at once, and how many it has taken. Several
 * backends may share one gauge: its peak then shows whether their requests overlapped.
 */
public final class InFlight {
    private final AtomicInteger now = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final LongAdder total = new LongAdder();

    void enter() {
        int n = now.incrementAndGet();
        peak.accumulateAndGet(n, Math::max);
        total.increment();
    }

    void exit() {
        now.decrementAndGet();
    }

    public int now() {
        return now.get();
    }

    public int peak() {
        return peak.get();
    }

    public long total() {
        return total.sum();
    }

    /** Starts a new peak from the current level. */
    public void resetPeak() {
        peak.set(now.get());
    }
}
