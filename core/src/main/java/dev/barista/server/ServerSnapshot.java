package dev.barista.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * What a running server costs at one moment, in the same vocabulary under every model: its counters, the
 * processes and threads serving, and the parts only some models have (event loops, a worker pool, prefork
 * workers, connection children). A section the model does not have is null, never a row of zeros.
 *
 * <p>Immutable. Snapshots of several processes of one server add up with {@link #plus} (a prefork master
 * sums its workers' reports this way).
 *
 * @param model      the concurrency model's name
 * @param partial    true when this is not the whole server although the whole was asked for: a prefork worker
 *                   or a connection child that got no answer from its master or parent in time
 * @param processes  processes serving: 1; a prefork master plus its workers; a parent plus its live children
 * @param counters   connections, requests, errors, rejected work, timeouts
 * @param threads    platform threads of the processes, virtual threads the server started, carriers
 * @param eventLoops the event loops, or null for the models without (the thread models)
 * @param workerPool the pool of platform threads: the reactor's kitchen, or the thread-pool model's
 *                   connection threads; null when there is none
 * @param prefork    the master's supervision counts; null unless the model is prefork
 * @param children   the parent's children; null unless the model is process-per-connection
 * @param traffic    responses by route and status with their latency, connections closed by reason; null
 *                   where the process does not measure them (a process-per-connection parent)
 */
public record ServerSnapshot(
        String model,
        boolean partial,
        int processes,
        StatsSnapshot counters,
        Threads threads,
        Loops eventLoops,
        Pool workerPool,
        Prefork prefork,
        Children children,
        Traffic traffic,
        Memory memory) {

    /** A snapshot without traffic figures (the shape before they existed). */
    public ServerSnapshot(String model, boolean partial, int processes, StatsSnapshot counters, Threads threads,
                          Loops eventLoops, Pool workerPool, Prefork prefork, Children children) {
        this(model, partial, processes, counters, threads, eventLoops, workerPool, prefork, children, null, null);
    }

    /** A snapshot without the memory budget (the shape before it existed). */
    public ServerSnapshot(String model, boolean partial, int processes, StatsSnapshot counters, Threads threads,
                          Loops eventLoops, Pool workerPool, Prefork prefork, Children children, Traffic traffic) {
        this(model, partial, processes, counters, threads, eventLoops, workerPool, prefork, children, traffic, null);
    }

    /**
     * The memory budget of the processes that serve: what buffered bodies, unsent bytes and connection buffers
     * may hold, what they hold now, and how many requests or connections it refused.
     */
    public record Memory(long budgetBytes, long usedBytes, long refusals) {
        Memory plus(Memory o) {
            return new Memory(budgetBytes + o.budgetBytes, usedBytes + o.usedBytes, refusals + o.refusals);
        }
    }

    /**
     * Threads. Platform numbers are the JVM's own ({@code ThreadMXBean}), so they include the JVM's service
     * threads and the carriers; summed over processes, {@code platformPeak} is the sum of each one's peak.
     *
     * @param virtualLive    virtual threads this server started that are running now (connections under
     *                       virtual-threads, streamed response bodies); not a JVM-wide count
     * @param virtualStarted virtual threads this server started so far
     * @param carriers       the virtual-thread scheduler, or null where the JVM does not report it
     */
    public record Threads(int platform, int platformPeak, int platformDaemon, int virtualLive, long virtualStarted,
                          Carriers carriers) {
        Threads plus(Threads o) {
            return new Threads(platform + o.platform, platformPeak + o.platformPeak,
                    platformDaemon + o.platformDaemon, virtualLive + o.virtualLive,
                    virtualStarted + o.virtualStarted, sum(carriers, o.carriers, Carriers::plus));
        }
    }

    /**
     * The carrier (kernel) threads that run virtual threads: the chapter's 2.8.10 layering.
     *
     * @param parallelism the scheduler's target number of carriers
     * @param poolSize    carriers started, idle or not
     * @param mounted     virtual threads running on a carrier now
     * @param queued      virtual threads ready to run, waiting for a carrier
     */
    public record Carriers(int parallelism, int poolSize, int mounted, long queued) {
        Carriers plus(Carriers o) {
            return new Carriers(parallelism + o.parallelism, poolSize + o.poolSize, mounted + o.mounted,
                    queued + o.queued);
        }
    }

    /**
     * Event loops.
     *
     * @param blockedTurns turns that ran longer than the blocked-loop threshold
     * @param tasksRun     tasks handed to the loops by other threads (worker responses, stream chunks, ...)
     * @param busyNanos    time the loops spent working (not waiting in poll), summed over loops, since start
     * @param utilization  the loops' mean busy fraction over their last complete one-second window (0..1)
     * @param lag          how late each loop's one-second tick fired: a busy or blocked loop runs timers late
     */
    public record Loops(int count, long blockedTurns, long tasksRun, long busyNanos, double utilization,
                        DurationHistogram.Snapshot lag) {
        public Loops(int count, long blockedTurns, long tasksRun) {
            this(count, blockedTurns, tasksRun, 0, 0, DurationHistogram.Snapshot.EMPTY);
        }

        Loops plus(Loops o) {
            int n = count + o.count;
            double meanUtilization = n == 0 ? 0 : (utilization * count + o.utilization * o.count) / n;
            return new Loops(n, blockedTurns + o.blockedTurns, tasksRun + o.tasksRun, busyNanos + o.busyNanos,
                    meanUtilization, lag.plus(o.lag));
        }
    }

    /**
     * What the server answered and how its connections ended.
     *
     * @param routes responses by route, counted since start (see {@link RouteMetrics})
     * @param closes connections closed, by {@link CloseReason#label()}, every reason present
     * @param accessLogLines   access log lines written (0 without an access log)
     * @param accessLogDropped access log lines dropped because its queue was full
     */
    public record Traffic(List<RouteTraffic> routes, Map<String, Long> closes, long accessLogLines,
                          long accessLogDropped) {
        Traffic plus(Traffic o) {
            Map<String, RouteTraffic> merged = new LinkedHashMap<>();
            for (RouteTraffic r : routes) merged.merge(r.method() + " " + r.route(), r, RouteTraffic::plus);
            for (RouteTraffic r : o.routes) merged.merge(r.method() + " " + r.route(), r, RouteTraffic::plus);
            Map<String, Long> sum = new LinkedHashMap<>(closes);
            o.closes.forEach((k, v) -> sum.merge(k, v, Long::sum));
            return new Traffic(new ArrayList<>(merged.values()), sum, accessLogLines + o.accessLogLines,
                    accessLogDropped + o.accessLogDropped);
        }

        /** Counters only: what an exited process still contributes (all of it: nothing here is a gauge). */
        public static Traffic sum(Traffic a, Traffic b) {
            return ServerSnapshot.sum(a, b, Traffic::plus);
        }

        public long closed(CloseReason reason) {
            return closes.getOrDefault(reason.label(), 0L);
        }

        /** The route's figures, or null if it never answered. */
        public RouteTraffic route(String method, String pattern) {
            for (RouteTraffic r : routes) if (r.method().equals(method) && r.route().equals(pattern)) return r;
            return null;
        }
    }

    /**
     * One route's responses.
     *
     * @param method    the route's method; empty for {@link RouteMetrics#UNMATCHED}
     * @param route     the route's pattern, or {@link RouteMetrics#UNMATCHED}
     * @param responses by status class ("2xx", ...), the classes seen only
     * @param duration  from the head's arrival to the response queued for writing
     */
    public record RouteTraffic(String method, String route, Map<String, Long> responses,
                               DurationHistogram.Snapshot duration) {
        static Map<String, Long> byClass(long[] classes) {
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < classes.length; i++) if (classes[i] > 0) m.put((i + 1) + "xx", classes[i]);
            return m;
        }

        public long count() {
            return responses.values().stream().mapToLong(Long::longValue).sum();
        }

        RouteTraffic plus(RouteTraffic o) {
            Map<String, Long> m = new LinkedHashMap<>(responses);
            o.responses.forEach((k, v) -> m.merge(k, v, Long::sum));
            return new RouteTraffic(method, route, m, duration.plus(o.duration));
        }
    }

    /**
     * A bounded pool of platform threads.
     *
     * @param threads   the pool's threads
     * @param active    threads running a task now
     * @param queued    tasks waiting for a thread (under thread-pool: accepted connections waiting)
     * @param rejected  tasks refused because every thread was busy and the queue full
     * @param completed tasks finished
     */
    public record Pool(int threads, int active, int queued, long rejected, long completed) {
        Pool plus(Pool o) {
            return new Pool(threads + o.threads, active + o.active, queued + o.queued, rejected + o.rejected,
                    completed + o.completed);
        }
    }

    /**
     * A prefork master's supervision.
     *
     * @param workers  worker processes running, old ones still draining after a reload included
     * @param ready    those listening and serving
     * @param restarts workers restarted after dying
     * @param reloads  reloads completed
     */
    public record Prefork(int workers, int ready, int restarts, int reloads) {
    }

    /**
     * A process-per-connection parent's children.
     *
     * @param live               children running now
     * @param max                live children at most
     * @param started            children started so far
     * @param exited             children that have exited and been reaped
     * @param meanLifetimeMillis mean time from spawn to reaping over the exited ones (start-up included)
     */
    public record Children(int live, int max, long started, long exited, double meanLifetimeMillis) {
    }

    /**
     * The sum of two processes' snapshots of one server: counts add up; the model and the sections only one
     * side has (prefork, children) are kept; partial if either is.
     */
    public ServerSnapshot plus(ServerSnapshot o) {
        return new ServerSnapshot(model, partial || o.partial, processes + o.processes, counters.plus(o.counters),
                threads.plus(o.threads), sum(eventLoops, o.eventLoops, Loops::plus),
                sum(workerPool, o.workerPool, Pool::plus), prefork != null ? prefork : o.prefork,
                children != null ? children : o.children, sum(traffic, o.traffic, Traffic::plus),
                sum(memory, o.memory, Memory::plus));
    }

    /** This snapshot marked as not the whole server (see {@code partial}). */
    public ServerSnapshot asPartial() {
        return new ServerSnapshot(model, true, processes, counters, threads, eventLoops, workerPool, prefork, children,
                traffic, memory);
    }

    private static <T> T sum(T a, T b, BinaryOperator<T> plus) {
        if (a == null) return b;
        if (b == null) return a;
        return plus.apply(a, b);
    }
}
