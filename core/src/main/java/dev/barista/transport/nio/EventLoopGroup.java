package dev.barista.transport.nio;

import dev.barista.server.DurationHistogram;
import dev.barista.server.ServerSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of event loops, started together, watched by one {@link LoopWatchdog}, and stopped together.
 * New connections go to the loop serving the fewest, so the load stays even when connections have very
 * different lifetimes.
 */
public final class EventLoopGroup {
    private final List<EventLoop> loops;
    private final LoopWatchdog watchdog;

    public EventLoopGroup(int size, String namePrefix, Duration blockedThreshold) {
        if (size < 1) throw new IllegalArgumentException("an event loop group needs at least one loop");
        List<EventLoop> created = new ArrayList<>(size);
        for (int i = 0; i < size; i++) created.add(new EventLoop(namePrefix + "-" + i));
        this.loops = List.copyOf(created);
        this.watchdog = new LoopWatchdog(loops, blockedThreshold);
    }

    public void start() {
        loops.forEach(EventLoop::start);
        watchdog.start();
    }

    public List<EventLoop> loops() {
        return loops;
    }

    /** The live loop with the fewest connections (the first one on a tie), or null if every loop died. */
    public EventLoop leastLoaded() {
        EventLoop best = null;
        int bestCount = Integer.MAX_VALUE;
        for (EventLoop loop : loops) {
            if (loop.isDead()) continue; // a dead loop would leave the connection hanging forever
            int count = loop.connectionCount();
            if (count < bestCount) {
                best = loop;
                bestCount = count;
            }
        }
        return best;
    }

    public long blockedTurns() {
        return loops.stream().mapToLong(EventLoop::blockedTurns).sum();
    }

    /** The loops' counters, read from their atomics: any thread. */
    public ServerSnapshot.Loops snapshot() {
        long tasksRun = loops.stream().mapToLong(EventLoop::tasksRun).sum();
        long busy = loops.stream().mapToLong(EventLoop::busyNanos).sum();
        double utilization = loops.stream().mapToDouble(EventLoop::utilization).average().orElse(0);
        DurationHistogram.Snapshot lag = DurationHistogram.Snapshot.EMPTY;
        for (EventLoop loop : loops) lag = lag.plus(loop.lag.snapshot());
        return new ServerSnapshot.Loops(loops.size(), blockedTurns(), tasksRun, busy, utilization, lag);
    }

    /** Stops every loop and waits for their threads to end. */
    public void stop(Duration timeout) throws InterruptedException {
        watchdog.stop();
        loops.forEach(EventLoop::stop);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EventLoop loop : loops) {
            loop.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }
}
