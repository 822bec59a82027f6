package dev.barista.transport.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One thread, one {@link Poller}, a task queue and timers (Redis's ae.c): the event loop.
 *
 * <p>Each turn runs in a fixed order: queued tasks, then a poll that dispatches ready channels to their
 * handlers, then expired timers. Everything registered here (channels, their state, timers) belongs to this
 * loop's thread; other threads hand it work with {@link #execute}, which wakes the poll at most once per
 * turn. Nothing that may block runs here: the {@link LoopWatchdog} reports any turn that takes too long.
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** At most this many queued tasks run per turn, so a flood of tasks cannot starve I/O. */
    private static final int MAX_TASKS_PER_TURN = 4096;
    static final int READ_BUFFER_SIZE = 64 * 1024;
    static final int WRITE_STAGING_SIZE = 64 * 1024;

    private final String name;
    private final Poller poller;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while the loop may be waiting in poll; whoever flips it to false owes one wakeup. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final TimerQueue timers = new TimerQueue();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Runnable markTurnStart = this::markTurnStart;
    private volatile boolean running = true;
    /** Set when the loop's thread ended by an error: it is out of service, and nothing may be handed to it. */
    private volatile Throwable death;
    /** Told, on the dying thread, when the loop dies of an error (to close its connections, fail the server). */
    private volatile java.util.function.BiConsumer<EventLoop, Throwable> onDeath = (loop, t) -> { };

    /** When the current turn started (System.nanoTime), or 0 while waiting in poll. Read by the watchdog. */
    private volatile long turnStartNanos;
    /** System.nanoTime() when the loop last woke: the clock its connections use (loop thread only). */
    private long now = System.nanoTime();

    // Shared by every connection of this loop, one at a time (loop thread only): an idle connection
    // holds no buffer of its own.
    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    /**
     * Heap, like the read buffer: responses are encoded straight into its array, and the JDK copies a whole
     * flush to the socket at once. A direct one cost a copy per response (encoded in an array, then put).
     */
    final ByteBuffer writeStaging = ByteBuffer.allocate(WRITE_STAGING_SIZE);
    /** Staging for a layer above a connection's output (TLS's plaintext), heap: it is encrypted, not written. */
    final ByteBuffer layerStaging = ByteBuffer.allocate(WRITE_STAGING_SIZE);

    /** How often the loop measures its utilization and lag. */
    static final long TICK_NANOS = 1_000_000_000L;

    final AtomicInteger connections = new AtomicInteger();
    /** Time spent working, not waiting in poll (written by the loop only, once per turn). */
    private volatile long busyNanos;
    /** When the loop woke from its last poll (loop thread only). */
    private long wokeNanos;
    /** Busy fraction over the last complete tick, and the busy time and instant it was computed at. */
    private volatile double utilization;
    private long tickBusyNanos;
    private long tickAtNanos;
    /** How late the periodic tick fired: a loop busy or blocked runs its timers late. */
    final dev.barista.server.DurationHistogram lag = new dev.barista.server.DurationHistogram();
    final LongAdder blockedTurns = new LongAdder();
    final LongAdder tasksRun = new LongAdder();

    public EventLoop(String name, Poller poller) {
        this.name = name;
        this.poller = poller;
        this.thread = Thread.ofPlatform().name(name).daemon(false).unstarted(this::run);
    }

    public EventLoop(String name) {
        this(name, new NioPoller());
    }

    public void start() {
        thread.start();
        execute(() -> {
            tickAtNanos = now;
            schedule(TICK_NANOS, TimeUnit.NANOSECONDS, this::tick);
        });
    }

    /** Once per second: how late this timer fired (lag) and how busy the loop was since the last one. */
    private void tick() {
        long deadline = tickAtNanos + TICK_NANOS;
        long at = System.nanoTime();
        lag.record(at - deadline);
        long busy = busyNanos;
        utilization = Math.min(1.0, (double) (busy - tickBusyNanos) / Math.max(1, at - tickAtNanos));
        tickBusyNanos = busy;
        tickAtNanos = at;
        if (running) scheduleAt(at + TICK_NANOS, this::tick);
    }

    /** Time spent working since start, in nanoseconds. Any thread. */
    public long busyNanos() {
        return busyNanos;
    }

    /** Busy fraction (0..1) over the last complete second. Any thread. */
    public double utilization() {
        return utilization;
    }

    public String name() {
        return name;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    /** Whether the loop's thread died of an error: it takes no more work. Any thread. */
    public boolean isDead() {
        return death != null;
    }

    /** What to do, on the dying thread, if the loop dies of an error. Set before {@link #start}. */
    public void onDeath(java.util.function.BiConsumer<EventLoop, Throwable> action) {
        this.onDeath = action;
    }

    /** Runs the task on this loop's thread, in submission order. Any thread. */
    @Override
    public void execute(Runnable task) {
        if (!running) throw new RejectedExecutionException(name + " is " + (death != null ? "dead" : "stopped"));
        tasks.add(task);
        if (!inLoop() && sleeping.compareAndSet(true, false)) poller.wakeup();
    }

    /** Schedules a task on this loop. Loop thread only. */
    public LoopTimer schedule(long delay, TimeUnit unit, Runnable task) {
        assert inLoop();
        return timers.schedule(now + unit.toNanos(delay), task);
    }

    /** Schedules a task at an absolute {@link System#nanoTime()} deadline. Loop thread only. */
    public LoopTimer scheduleAt(long deadlineNanos, Runnable task) {
        assert inLoop();
        return timers.schedule(deadlineNanos, task);
    }

    /** Registers a channel with this loop's poller. Loop thread only. */
    public Registration register(SelectableChannel channel, int interest, IoHandler handler) throws IOException {
        assert inLoop();
        return poller.register(channel, interest, handler);
    }

    /** How many connections this loop serves, for balancing; any thread. */
    public int connectionCount() {
        return connections.get();
    }

    /** Turns that ran longer than the watchdog's threshold so far. */
    public long blockedTurns() {
        return blockedTurns.sum();
    }

    /** Tasks run so far that other threads handed to this loop with {@link #execute}. */
    public long tasksRun() {
        return tasksRun.sum();
    }

    long turnStartNanos() {
        return turnStartNanos;
    }

    /**
     * The time the loop last woke up or started its turn. Good enough for timeouts (a turn is short: a longer
     * one is a blocked loop, and is reported) and saves a clock read per event. Loop thread only.
     */
    public long now() {
        return now;
    }

    /** Asks the loop to finish its current turn and exit. Any thread. */
    public void stop() {
        running = false;
        poller.wakeup();
    }

    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }

    private void run() {
        try {
            while (running) {
                turn();
            }
            // Let tasks submitted before stop() run (for example, closing connections).
            runTasks();
        } catch (Throwable t) {
            // Every task, handler and timer is guarded below, so only the loop's own machinery gets here.
            death = t;
            running = false;
            LOG.log(System.Logger.Level.ERROR, name + " died: it is out of service", t);
            try {
                onDeath.accept(this, t);
            } catch (Throwable ignored) {
                // already dying: the error above is the one to report
            }
        } finally {
            poller.close();
            terminated.countDown();
        }
    }

    private void turn() {
        now = System.nanoTime();
        if (wokeNanos != 0) busyNanos += now - wokeNanos; // the previous turn's events and timers
        turnStartNanos = now;
        runTasks();
        long timeout = timers.millisUntilNext(now);
        sleeping.set(true);
        // A task queued after runTasks() but before sleeping was set found sleeping false and did not wake
        // us: look once more before waiting.
        if (!tasks.isEmpty() || !running) timeout = 0;
        turnStartNanos = 0;
        long sleepAt = System.nanoTime();
        busyNanos += sleepAt - now; // this turn's tasks
        wokeNanos = 0;
        try {
            poller.poll(timeout, markTurnStart);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, name + ": poll failed", e);
        }
        sleeping.set(false);
        now = System.nanoTime();
        if (wokeNanos == 0) wokeNanos = now;
        timers.runExpired(now, this::timerFailed);
    }

    private void timerFailed(Throwable t) {
        LOG.log(System.Logger.Level.ERROR, name + ": timer failed", t);
    }

    private void markTurnStart() {
        sleeping.set(false);
        now = System.nanoTime();
        turnStartNanos = now;
        wokeNanos = now;
    }

    private void runTasks() {
        for (int i = 0; i < MAX_TASKS_PER_TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) return;
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, name + ": task failed", t);
            }
            tasksRun.increment();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
