package dev.barista.transport.nio;

import java.time.Duration;
import java.util.List;

/**
 * Notices event-loop turns that run too long, which means something blocked a loop (Vert.x's
 * BlockedThreadChecker). Every such turn is counted once; a warning with the loop thread's stack trace is
 * logged at most once per loop per {@link #LOG_INTERVAL_NANOS}.
 *
 * <p>Cheap by construction: the loop only writes one volatile long per turn, and this thread samples it a
 * few times per threshold.
 */
final class LoopWatchdog implements Runnable {
    private static final System.Logger LOG = System.getLogger(LoopWatchdog.class.getName());
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final List<EventLoop> loops;
    private final long thresholdNanos;
    private final long[] reportedTurn;
    private final long[] lastLogNanos;
    private final Thread thread;
    private volatile boolean running = true;

    LoopWatchdog(List<EventLoop> loops, Duration threshold) {
        this.loops = loops;
        this.thresholdNanos = threshold.toNanos();
        this.reportedTurn = new long[loops.size()];
        this.lastLogNanos = new long[loops.size()];
        this.thread = Thread.ofPlatform().name("barista-loop-watchdog").daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void run() {
        long sleepMillis = Math.max(1, thresholdNanos / 4 / 1_000_000);
        while (running) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (int i = 0; i < loops.size(); i++) check(i, now);
        }
    }

    private void check(int index, long now) {
        EventLoop loop = loops.get(index);
        long start = loop.turnStartNanos();
        if (start == 0 || start == reportedTurn[index] || now - start < thresholdNanos) return;
        reportedTurn[index] = start;
        loop.blockedTurns.increment();
        BlockedLoopEvent.emit(loop.name(), now - start, loop.thread());
        if (lastLogNanos[index] != 0 && now - lastLogNanos[index] < LOG_INTERVAL_NANOS) return;
        lastLogNanos[index] = now;
        BlockedLoopException trace = new BlockedLoopException(loop.name(), (now - start) / 1_000_000);
        trace.setStackTrace(loop.thread().getStackTrace());
        LOG.log(System.Logger.Level.WARNING, trace.getMessage(), trace);
    }

    /** Carries the blocked loop thread's stack trace into the log. */
    static final class BlockedLoopException extends RuntimeException {
        BlockedLoopException(String loop, long millis) {
            super(loop + " has been blocked for " + millis + " ms: something that blocks runs on the event loop"
                    + " (move it to a worker or a virtual thread). Its stack:");
        }
    }
}
