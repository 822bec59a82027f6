package dev.barista.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * Durations counted into fixed buckets (Prometheus's classic histogram: 0.5 ms to 10 s), from any thread
 * without a lock or an allocation: one striped counter per bucket, so loops and workers recording at once do
 * not contend. Read at scrape time into a {@link Snapshot}.
 */
public final class DurationHistogram {
    /** Upper bounds, inclusive, in nanoseconds; a last bucket (+Inf) holds the rest. */
    public static final long[] BOUNDS_NANOS = {
            500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L,
            100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L,
            10_000_000_000L};

    private final LongAdder[] counts = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public DurationHistogram() {
        for (int i = 0; i < counts.length; i++) counts[i] = new LongAdder();
    }

    public void record(long nanos) {
        if (nanos < 0) nanos = 0;
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) i++;
        counts[i].increment();
        sumNanos.add(nanos);
    }

    public Snapshot snapshot() {
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].sum();
        return new Snapshot(c, sumNanos.sum());
    }

    /**
     * The histogram at one moment.
     *
     * @param counts   per bucket, not cumulative: one per {@link #BOUNDS_NANOS} bound, then the +Inf bucket
     * @param sumNanos the sum of every recorded duration
     */
    public record Snapshot(long[] counts, long sumNanos) {
        public static final Snapshot EMPTY = new Snapshot(new long[BOUNDS_NANOS.length + 1], 0);

        public long count() {
            long n = 0;
            for (long c : counts) n += c;
            return n;
        }

        public Snapshot plus(Snapshot o) {
            long[] c = counts.clone();
            for (int i = 0; i < c.length; i++) c[i] += o.counts[i];
            return new Snapshot(c, sumNanos + o.sumNanos);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && java.util.Arrays.equals(counts, s.counts) && sumNanos == s.sumNanos;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(counts) * 31 + Long.hashCode(sumNanos);
        }
    }
}
