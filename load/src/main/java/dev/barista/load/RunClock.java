package dev.barista.load;

/**
 * The run's three instants, in {@link System#nanoTime()}: start, end of warm-up, end. A response is measured
 * when it completes in [warm-up end, end); requests are sent while the time is before the end.
 */
record RunClock(long startNanos, long measureStartNanos, long endNanos) {

    boolean measuring(long now) {
        return now >= measureStartNanos && now < endNanos;
    }

    boolean sending(long now) {
        return now < endNanos;
    }

    boolean finished(long now) {
        return now >= endNanos;
    }
}
