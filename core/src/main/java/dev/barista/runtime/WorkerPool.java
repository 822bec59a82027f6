package dev.barista.runtime;

import dev.barista.server.ServerSnapshot;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The kitchen: a fixed number of platform threads for handlers that may block, fed by a bounded queue.
 * When every thread is busy and the queue is full, {@link #execute} throws
 * {@link RejectedExecutionException} at once; the caller answers 503 rather than queueing without bound.
 */
public final class WorkerPool implements Executor {
    private final ThreadPoolExecutor executor;
    private final int threads;
    // Counted here rather than asked of the executor, whose getters take its lock: a snapshot is read on an
    // event loop and must not wait for a lock the pool's threads hold.
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();

    public WorkerPool(String name, int threads, int queueCapacity) {
        this.threads = threads;
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(queueCapacity);
        AtomicInteger ids = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue,
                r -> Thread.ofPlatform().name(name + "-" + ids.getAndIncrement()).daemon(true).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        queued.incrementAndGet();
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                active.incrementAndGet();
                try {
                    task.run();
                } finally {
                    active.decrementAndGet();
                    completed.increment();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
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

    /** Tasks handed over and not yet started (a hand-off still in progress counts for a moment). */
    public int queued() {
        return queued.get();
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
