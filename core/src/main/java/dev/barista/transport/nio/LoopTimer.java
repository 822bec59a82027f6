package dev.barista.transport.nio;

/**
 * A task scheduled on an event loop. Cancelling marks it; the queue drops it when it surfaces, or sooner in a
 * purge once cancelled timers make up half of it.
 */
public final class LoopTimer implements Comparable<LoopTimer> {
    final long deadlineNanos;
    final long sequence;
    /** Null once cancelled: a cancelled timer may wait in the heap until its deadline, holding nothing. */
    Runnable task;
    private final TimerQueue queue;
    boolean cancelled;

    LoopTimer(long deadlineNanos, long sequence, Runnable task, TimerQueue queue) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
        this.queue = queue;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Loop thread only. */
    public void cancel() {
        if (cancelled) return;
        cancelled = true;
        task = null; // what it would have run (a connection, say) need not outlive the cancel
        queue.cancelled();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public int compareTo(LoopTimer o) {
        int c = Long.compare(deadlineNanos, o.deadlineNanos);
        return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
}
