package dev.barista.transport.nio;

import java.util.PriorityQueue;

/**
 * The event loop's time events (Redis's aeTimeEvent): a heap ordered by deadline. Cancel only marks, so
 * it is O(1); connections keep one timer each and move their own deadline instead of rescheduling
 * (see {@code HttpConnection}), which keeps the heap small. Loop thread only.
 */
final class TimerQueue {
    private final PriorityQueue<LoopTimer> heap = new PriorityQueue<>();
    private long sequence;

    LoopTimer schedule(long deadlineNanos, Runnable task) {
        LoopTimer timer = new LoopTimer(deadlineNanos, sequence++, task);
        heap.add(timer);
        return timer;
    }

    /** Milliseconds until the next live deadline (at least 1 if any is pending), or -1 if none. */
    long millisUntilNext(long nowNanos) {
        LoopTimer next;
        while ((next = heap.peek()) != null && next.cancelled) heap.poll();
        if (next == null) return -1;
        long nanos = next.deadlineNanos - nowNanos;
        if (nanos <= 0) return 0;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** Runs every timer due at {@code nowNanos}; returns how many ran. */
    int runExpired(long nowNanos) {
        int ran = 0;
        LoopTimer next;
        while ((next = heap.peek()) != null && (next.cancelled || next.deadlineNanos - nowNanos <= 0)) {
            heap.poll();
            if (next.cancelled) continue;
            next.cancelled = true; // fired: a late cancel() is harmless
            next.task.run();
            ran++;
        }
        return ran;
    }

    int size() {
        return heap.size();
    }
}
