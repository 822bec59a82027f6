package dev.barista.runtime;

import dev.barista.server.ServerSnapshot;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The kitchen: a fixed number of platform threads for handlers that may block, fed by a bounded queue.
 * When every thread is busy and the queue is full, {@link #execute} throws
 * {@link RejectedExecutionException} at once; the caller answers 503 rather than queueing without bound.
 *
 * <p>Admission is counted here (tasks running or waiting, against threads plus queue), not left to the
 * executor's queue: with no queue, a {@code SynchronousQueue} hands a task only to a thread already waiting in
 * it, so a request was refused while a thread had just finished its task and was on its way back, or had not
 * reached the queue yet after the start. Now a thread is free the moment its task ends.
 */
public final class WorkerPool implements Executor {
    private final ThreadPoolExecutor executor;
    private final int threads;
    /** Tasks running or waiting may not pass this: the threads plus the queue's capacity. */
    private final int capacity;
    // Counted here rather than asked of the executor, whose getters take its lock: a snapshot is read on an
    // event loop and must not wait for a lock the pool's threads hold. Waiting = admitted - active.
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();

    public WorkerPool(String name, int threads, int queueCapacity) {
        this.threads = threads;
        this.capacity = threads + queueCapacity;
        AtomicInteger ids = new AtomicInteger();
        // Unbounded underneath: what may enter is decided by the count above.
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> Thread.ofPlatform().name(name + "-" + ids.getAndIncrement()).daemon(true).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            rejected.increment();
            throw new RejectedExecutionException("all " + threads + " workers busy and " + (capacity - threads)
                    + " waiting");
        }
        try {
            executor.execute(() -> {
                active.incrementAndGet();
                try {
                    task.run();
                } finally {
                    admitted.decrementAndGet();
                    active.decrementAndGet();
                    completed.increment();
                }
            });
        } catch (RejectedExecutionException e) { // shut down
            admitted.decrementAndGet();
            rejected.increment();
            throw e;
        }
    }

    /** The pool's threads: all started at once and kept (core size = maximum size). */
    public int threads() {
        return threads;
    }

    public int active() {
        return active.get();
    }

    /** Tasks handed over and not yet started (a hand-off or an ending task may be off by one for a moment). */
    public int queued() {
        return Math.max(0, admitted.get() - active.get());
    }

    public long rejected() {
        return rejected.sum();
    }

    public long completed() {
        return completed.sum();
    }

    public ServerSnapshot.Pool snapshot() {
        return new ServerSnapshot.Pool(threads, active(), queued(), rejected(), completed());
    }

    /** Stops at once (a server that failed to start), waiting a moment for the idle threads to end. */
    public void shutdownNow() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets queued work finish for up to {@code grace}, then interrupts what still runs. */
    public void shutdown(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) executor.shutdownNow();
    }
}
