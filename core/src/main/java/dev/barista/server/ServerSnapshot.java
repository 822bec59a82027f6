package dev.barista.server;

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
        Children children) {

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
     */
    public record Loops(int count, long blockedTurns, long tasksRun) {
        Loops plus(Loops o) {
            return new Loops(count + o.count, blockedTurns + o.blockedTurns, tasksRun + o.tasksRun);
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
                children != null ? children : o.children);
    }

    /** This snapshot marked as not the whole server (see {@code partial}). */
    public ServerSnapshot asPartial() {
        return new ServerSnapshot(model, true, processes, counters, threads, eventLoops, workerPool, prefork, children);
    }

    private static <T> T sum(T a, T b, BinaryOperator<T> plus) {
        if (a == null) return b;
        if (b == null) return a;
        return plus.apply(a, b);
    }
}
