package dev.barista.transport.nio;

import java.util.PriorityQueue;

/**
 * The event loop's time events (Redis's aeTimeEvent): a heap ordered by deadline. Cancel only marks, so
 * it is O(1); server connections keep one timer each and move their own deadline instead of rescheduling
 * (see {@code NioConnection}), which keeps the heap small. Code that does cancel often (a client's request
 * timeouts: one per request, nearly all cancelled) would otherwise fill the heap with dead timers until
 * their deadlines; so once cancelled timers are over half the heap (and past a floor), they are purged in
 * one pass: amortized O(1) per cancel, and the heap stays within twice the live timers. Loop thread only.
 */
final class TimerQueue {
    private static final int PURGE_FLOOR = 1024;

    private final PriorityQueue<LoopTimer> heap = new PriorityQueue<>();
    private long sequence;
    /** Cancelled timers still in the heap. */
    private int cancelledInHeap;

    LoopTimer schedule(long deadlineNanos, Runnable task) {
        LoopTimer timer = new LoopTimer(deadlineNanos, sequence++, task, this);
        heap.add(timer);
        return timer;
    }

    /** A timer in the heap was cancelled. */
    void cancelled() {
        cancelledInHeap++;
        if (cancelledInHeap > PURGE_FLOOR && cancelledInHeap > heap.size() / 2) {
            heap.removeIf(t -> t.cancelled);
            cancelledInHeap = 0;
        }
    }

    /** Milliseconds until the next live deadline (at least 1 if any is pending), or -1 if none. */
    long millisUntilNext(long nowNanos) {
        LoopTimer next;
        while ((next = heap.peek()) != null && next.cancelled) {
            heap.poll();
            cancelledInHeap--;
        }
        if (next == null) return -1;
        long nanos = next.deadlineNanos - nowNanos;
        if (nanos <= 0) return 0;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** Runs every timer due at {@code nowNanos}; returns how many ran. */
    int runExpired(long nowNanos) {
        return runExpired(nowNanos, t -> {
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new IllegalStateException(t);
        });
    }

    /** Runs every timer due at {@code nowNanos}, telling {@code failed} of any that throws; returns how many ran. */
    int runExpired(long nowNanos, java.util.function.Consumer<Throwable> failed) {
        int ran = 0;
        LoopTimer next;
        while ((next = heap.peek()) != null && (next.cancelled || next.deadlineNanos - nowNanos <= 0)) {
            heap.poll();
            if (next.cancelled) {
                cancelledInHeap--;
                continue;
            }
            next.cancelled = true; // fired, and out of the heap: a late cancel() is a no-op
            Runnable task = next.task;
            next.task = null;
            try {
                task.run();
            } catch (Throwable t) {
                failed.accept(t);
            }
            ran++;
        }
        return ran;
    }

    int size() {
        return heap.size();
    }
}
