package dev.barista.server;

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
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();

    public WorkerPool(String name, int threads, int queueCapacity) {
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
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } finally {
                    completed.increment();
                }
            });
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw e;
        }
    }

    public int threads() {
        return executor.getPoolSize();
    }

    public int active() {
        return executor.getActiveCount();
    }

    public int queued() {
        return executor.getQueue().size();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long completed() {
        return completed.sum();
    }

    /** Lets queued work finish for up to {@code grace}, then interrupts what still runs. */
    public void shutdown(Duration grace) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) executor.shutdownNow();
    }
}
