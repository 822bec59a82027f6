package dev.barista.shop;

import dev.barista.Server;
import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.EventLoopGroup;
import dev.barista.transport.nio.LoopTimer;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Waits without blocking anybody: on the event loop that runs the caller (its timer heap) when the caller is
 * one of the server's loops, else on one shared timer thread (the thread models, a prefork worker). A timer
 * task must be short: it runs on a loop or on that one thread.
 */
final class LoopTimers {
    private static final ScheduledThreadPoolExecutor FALLBACK = fallback();

    /** The server's loops, once it serves (see {@link #attach}); empty before, and under the thread models. */
    private volatile List<EventLoop> loops = List.of();

    private static ScheduledThreadPoolExecutor fallback() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("shop-timer").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true); // a cancelled deadline must not linger until it would have fired
        return timer;
    }

    void attach(Server server) {
        loops = server.eventLoops().map(EventLoopGroup::loops).orElse(List.of());
    }

    /** The loop running the calling thread, or null. */
    EventLoop currentLoop() {
        for (EventLoop loop : loops) if (loop.inLoop()) return loop;
        return null;
    }

    /** Runs {@code task} after {@code nanos}; the returned action cancels it, from any thread. */
    Runnable schedule(long nanos, Runnable task) {
        EventLoop loop = currentLoop();
        if (loop != null) {
            LoopTimer timer = loop.schedule(nanos, TimeUnit.NANOSECONDS, task);
            return () -> {
                if (loop.inLoop()) {
                    timer.cancel();
                    return;
                }
                try {
                    loop.execute(timer::cancel); // a loop timer is the loop's own: cancel it there
                } catch (RejectedExecutionException stopped) {
                    // the loop is gone, and its timers with it
                }
            };
        }
        ScheduledFuture<?> future = FALLBACK.schedule(task, nanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
