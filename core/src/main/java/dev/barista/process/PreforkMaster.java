package dev.barista.process;

import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import dev.barista.server.StatsSnapshot;
import dev.barista.runtime.ThreadCensus;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * nginx's master: starts N worker processes, serves no traffic itself, and supervises. Each worker re-runs
 * this program ({@link ProgramCommand}) as a {@link ProcessRole.Worker}, binds the port with
 * SO_REUSEPORT and runs one event loop; the kernel spreads connections over the workers' sockets.
 *
 * <p>One thread, the supervisor, owns every decision and all worker bookkeeping: it wakes on a signal
 * ({@link SignalFlags}), a worker's exit, a worker's readiness, or every 100 ms, and then reaps, restarts
 * (with {@link RestartBackoff}), advances a reload, or advances a stop. Public methods only post requests
 * to it. Each worker's IPC reader thread ({@link IpcServer}) updates that worker's channel, readiness and
 * last report, nothing else, and answers that worker's stats queries with {@link #snapshot()}.
 *
 * <p>The master also holds the port: a bound, never listening, SO_REUSEPORT socket (see {@link #reserve}). It
 * receives no connection, but keeps the port ours while workers come and go, and tells port 0 which port to use.
 */
public final class PreforkMaster implements RunningServer {
    /** The model this master serves, named here so that the worker's own snapshot says it too. */
    public static final String MODEL_NAME = "prefork";
    private static final System.Logger LOG = System.getLogger(PreforkMaster.class.getName());
    /** How long a worker may take from spawn to Ready (a JVM start, class loading, the program's main). */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long past its grace a stopping worker may take before it is killed. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(2);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ServerConfig config;
    private final int processes;
    private final ProgramCommand program;
    private final SocketChannel portReservation;
    private final int port;
    /** The TLS port, held the same way, when the server has TLS; else null and -1. */
    private final SocketChannel tlsPortReservation;
    private final int tlsPort;
    private final IpcServer ipc;
    private final Thread supervisor;
    private final AtomicLong workerIds = new AtomicLong();
    /** Every worker process not yet reaped, by id. Written by the supervisor; read by IPC readers and stats. */
    private final Map<Long, WorkerProcess> live = new ConcurrentHashMap<>();
    private final Object statsLock = new Object();
    /** Final counters of workers that exited. Guarded by statsLock (with removal from {@link #live}). */
    private StatsSnapshot retired = StatsSnapshot.ZERO;
    /** The traffic counted by workers that have exited (their last report's), so totals never go backwards. */
    private ServerSnapshot.Traffic retiredTraffic;
    /** The master starts no virtual thread: its snapshot says so from this (always empty) counter. */
    private final VirtualThreadCounter noVirtualThreads = new VirtualThreadCounter();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong reloadRequests = new AtomicLong();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger reloads = new AtomicInteger();
    private volatile Duration stopRequest;

    // ---- supervisor thread only ----
    private final WorkerProcess[] current;
    private final long[] restartAtNanos;
    private final RestartBackoff[] backoff;
    /** A reload's new generation, until every one of them is ready. */
    private final List<WorkerProcess> next = new ArrayList<>();
    /** Told to stop: reaped when they exit, never restarted. */
    private final List<WorkerProcess> retiring = new ArrayList<>();
    private long generation = 1;
    private long startNanos;
    private long reloadStartNanos;
    private boolean reloadWanted;
    private long seenReloads;
    private long seenStops;
    private boolean stopping;
    private boolean stoppedBySignal;
    private long stopDeadlineNanos;

    private PreforkMaster(ServerConfig config, int processes, ProgramCommand program) throws IOException {
        this.config = config;
        this.processes = processes;
        this.program = program;
        this.current = new WorkerProcess[processes];
        this.restartAtNanos = new long[processes];
        this.backoff = new RestartBackoff[processes];
        for (int i = 0; i < processes; i++) backoff[i] = new RestartBackoff();
        portReservation = SocketChannel.open();
        try {
            reserve(portReservation, new InetSocketAddress(config.host(), config.port()));
            port = ((InetSocketAddress) portReservation.getLocalAddress()).getPort();
        } catch (IOException e) {
            portReservation.close();
            BindException taken = new BindException("prefork master cannot start on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage());
            taken.initCause(e);
            throw taken;
        }
        if (config.tls() != null) {
            tlsPortReservation = SocketChannel.open();
            try {
                reserve(tlsPortReservation, new InetSocketAddress(config.host(), config.tlsPort()));
                tlsPort = ((InetSocketAddress) tlsPortReservation.getLocalAddress()).getPort();
            } catch (IOException e) {
                tlsPortReservation.close();
                portReservation.close();
                BindException taken = new BindException("prefork master cannot start on " + config.host() + ":"
                        + config.tlsPort() + " (TLS): " + e.getMessage());
                taken.initCause(e);
                throw taken;
            }
        } else {
            tlsPortReservation = null;
            tlsPort = -1;
        }
        try {
            ipc = IpcServer.start(live::get, this::wake, this::snapshot);
        } catch (IOException e) {
            portReservation.close();
            if (tlsPortReservation != null) tlsPortReservation.close();
            throw new IOException("prefork master cannot start its IPC socket: " + e.getMessage(), e);
        }
        supervisor = Thread.ofPlatform().name("barista-prefork-master").unstarted(this::supervise);
        seenReloads = SignalFlags.raised(SignalFlags.Action.RELOAD);
        seenStops = stopSignals();
    }

    /**
     * Starts {@code processes} workers running {@code program} and returns once all are ready.
     *
     * @throws IOException if the port cannot be had, or a worker exits or hangs before it is ready
     */
    public static PreforkMaster start(ServerConfig config, int processes, ProgramCommand program)
            throws IOException {
        Posix.Platform.require("the prefork model");
        if (processes < 1) throw new IllegalArgumentException("processes must be >= 1");
        PreforkMaster master = new PreforkMaster(config, processes, program);
        SignalFlags.subscribe(master.supervisor);
        master.supervisor.start();
        try {
            master.started.get(READY_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            return master;
        } catch (ExecutionException | TimeoutException e) {
            master.stopQuietly();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            master.stopQuietly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting workers", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int securePort() {
        return tlsPort;
    }

    /** New workers read the certificates as they start: a reload (SIGHUP) is how prefork renews them. */
    @Override
    public void reloadTls() {
        reload();
    }

    /** The sum over every worker, as a fresh copy (see {@link #aggregate()}). */
    @Override
    public ServerStats stats() {
        return aggregate().toServerStats();
    }

    /**
     * The whole server's counters: every live worker's last report plus the final counters of workers
     * that have exited, so totals never go backwards across restarts and reloads. Open connections count
     * live workers only. A worker killed with SIGKILL loses what it counted since its last report (at most
     * half a second's worth).
     */
    public StatsSnapshot aggregate() {
        synchronized (statsLock) {
            StatsSnapshot sum = retired;
            for (WorkerProcess w : live.values()) sum = sum.plus(w.stats());
            return sum;
        }
    }

    /**
     * The whole server: this master (its threads; the final counters of exited workers) plus every live
     * worker's last report, which is at most half a second old (a worker asking through {@code /stats}
     * sends a fresh one with its query). Counters are those of {@link #aggregate()}. Cheap: no I/O.
     */
    @Override
    public ServerSnapshot snapshot() {
        List<WorkerStatus> workers = workers();
        int ready = (int) workers.stream().filter(WorkerStatus::ready).count();
        ServerSnapshot.Prefork prefork = new ServerSnapshot.Prefork(workers.size(), ready, restarts(), reloads());
        synchronized (statsLock) {
            ServerSnapshot whole = new ServerSnapshot(MODEL_NAME, false, 1, retired,
                    ThreadCensus.take(noVirtualThreads), null, null, prefork, null, retiredTraffic);
            for (WorkerProcess w : live.values()) {
                ServerSnapshot report = w.report;
                if (report != null) whole = whole.plus(report);
            }
            return whole;
        }
    }

    /** Every worker process now running (old ones still draining included), by slot. */
    public List<WorkerStatus> workers() {
        return live.values().stream().map(WorkerProcess::status)
                .sorted(Comparator.comparingLong(WorkerStatus::generation).thenComparingInt(WorkerStatus::slot))
                .toList();
    }

    /** How many workers were restarted after dying. */
    public int restarts() {
        return restarts.get();
    }

    /** How many reloads completed. */
    public int reloads() {
        return reloads.get();
    }

    /** What SIGHUP does: start new workers, and once all are ready, drain the old ones. */
    public void reload() {
        reloadRequests.incrementAndGet();
        wake();
    }

    /** Every worker drains for up to {@code grace} and exits; returns when all have. Idempotent. */
    @Override
    public void stop(Duration grace) throws InterruptedException {
        if (stopRequest == null) stopRequest = grace;
        wake();
        try {
            stopped.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void stopQuietly() {
        try {
            stop(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wake() {
        LockSupport.unpark(supervisor);
    }

    // ---- the supervisor ----------------------------------------------------------------------------------

    private void supervise() {
        try {
            startNanos = System.nanoTime();
            for (int slot = 0; slot < processes; slot++) current[slot] = spawn(slot, generation);
            while (true) {
                long now = System.nanoTime();
                readRequests();
                reapExited(now);
                if (stopping) {
                    if (live.isEmpty()) break;
                    killOverdue(now);
                } else {
                    checkStartup(now);
                    restartDue(now);
                    advanceReload(now);
                    killOverdue(now);
                }
                LockSupport.parkNanos(this, TICK_NANOS);
            }
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "prefork master failed; killing its workers", t);
            live.values().forEach(WorkerProcess::kill);
        } finally {
            cleanUp();
            if (!started.isDone()) started.completeExceptionally(new IOException("prefork master stopped"));
            stopped.complete(null);
        }
        // Outside the finally: this may not return (the JVM's handler exits), and stop() must see us done.
        if (stoppedBySignal) SignalFlags.chainToPrevious();
    }

    private void readRequests() {
        long reloadCount = SignalFlags.raised(SignalFlags.Action.RELOAD) + reloadRequests.get();
        if (reloadCount != seenReloads) {
            seenReloads = reloadCount;
            if (!stopping) reloadWanted = true;
        }
        long stopCount = stopSignals();
        if (stopCount != seenStops) {
            seenStops = stopCount;
            stoppedBySignal = true;
            // A stop signal during a stop is the impatient second Ctrl-C: close everything now.
            beginStop(stopping ? Duration.ZERO : config.shutdownGrace());
        }
        Duration requested = stopRequest;
        if (requested != null && !stopping) beginStop(requested);
    }

    private static long stopSignals() {
        return SignalFlags.raised(SignalFlags.Action.STOP) + SignalFlags.raised(SignalFlags.Action.GRACEFUL_STOP);
    }

    private void beginStop(Duration grace) {
        if (!stopping) LOG.log(System.Logger.Level.INFO, "stopping " + live.size() + " workers (grace " + grace + ")");
        stopping = true;
        stopDeadlineNanos = System.nanoTime() + grace.toNanos() + config.readinessDelay().toNanos()
                + KILL_AFTER.toNanos();
        for (WorkerProcess w : live.values()) {
            w.stopSent = false;
            sendStop(w, grace);
        }
        if (!started.isDone()) started.completeExceptionally(new IOException("stopped while starting"));
    }

    /** Asks a worker to drain and exit; one that has not even said hello is not serving and is killed. */
    private void sendStop(WorkerProcess w, Duration grace) {
        if (w.stopSent) return;
        w.stopSent = true;
        // A worker keeps serving for the readiness delay before it drains (see ServerContext#withdrawReadiness).
        w.stopDeadlineNanos = System.nanoTime() + grace.toNanos() + config.readinessDelay().toNanos()
                + KILL_AFTER.toNanos();
        WorkerChannel channel = w.channel;
        if (channel == null) {
            w.kill();
            return;
        }
        try {
            channel.send(new IpcMessage.Stop(grace.toMillis()));
        } catch (IOException e) {
            w.kill(); // its end is gone: it is dying or hung
        }
    }

    private void reapExited(long now) throws InterruptedException {
        for (WorkerProcess w : List.copyOf(live.values())) {
            if (w.process.isAlive()) continue;
            // Its last Stats frame may still be in the socket: let the reader take it before we total.
            if (w.channel != null) w.readerDone.await(1, TimeUnit.SECONDS);
            synchronized (statsLock) {
                retired = retired.plus(w.stats().countersOnly());
                ServerSnapshot last = w.report;
                if (last != null) retiredTraffic = ServerSnapshot.Traffic.sum(retiredTraffic, last.traffic());
                live.remove(w.id);
            }
            WorkerChannel channel = w.channel;
            if (channel != null) channel.close();
            exited(w, w.process.exitValue(), now);
        }
    }

    private void exited(WorkerProcess w, int code, long now) {
        if (retiring.remove(w) || stopping) return;
        if (next.remove(w)) {
            LOG.log(System.Logger.Level.WARNING, "new " + w + " exited with code " + code
                    + " before it was ready: reload abandoned, the old workers keep serving");
            abandonReload();
            return;
        }
        if (current[w.slot] != w) return;
        current[w.slot] = null;
        if (!started.isDone()) {
            started.completeExceptionally(new IOException(w + " exited with code " + code
                    + " before it was ready (its output is above)"));
            beginStop(Duration.ZERO);
            return;
        }
        long lived = now - (w.ready() ? w.readyNanos : w.spawnedNanos);
        long delay = backoff[w.slot].delayMillis(lived);
        restartAtNanos[w.slot] = now + TimeUnit.MILLISECONDS.toNanos(delay);
        restarts.incrementAndGet();
        LOG.log(System.Logger.Level.WARNING, w + " exited with code " + code + "; restarting it"
                + (delay == 0 ? "" : " in " + delay + " ms (it keeps dying)"));
    }

    private void checkStartup(long now) {
        if (started.isDone()) return;
        boolean allReady = true;
        for (WorkerProcess w : current) allReady &= w != null && w.ready();
        if (allReady) {
            started.complete(null);
        } else if (now - startNanos > READY_TIMEOUT.toNanos()) {
            started.completeExceptionally(new IOException("workers not ready after " + READY_TIMEOUT.toSeconds()
                    + " s"));
            beginStop(Duration.ZERO);
        }
    }

    private void restartDue(long now) {
        for (int slot = 0; slot < processes; slot++) {
            WorkerProcess w = current[slot];
            if (w == null && now - restartAtNanos[slot] >= 0) {
                current[slot] = spawn(slot, generation);
            } else if (w != null && started.isDone() && !w.ready() && now - w.spawnedNanos > READY_TIMEOUT.toNanos()) {
                LOG.log(System.Logger.Level.WARNING, w + " not ready after " + READY_TIMEOUT.toSeconds()
                        + " s; killing it");
                w.kill(); // reaped and restarted (with backoff) like any dead worker
            }
        }
    }

    private void advanceReload(long now) {
        if (reloadWanted && next.isEmpty()) {
            reloadWanted = false;
            generation++;
            LOG.log(System.Logger.Level.INFO, "reload: starting " + processes + " new workers");
            reloadStartNanos = now;
            for (int slot = 0; slot < processes; slot++) next.add(spawn(slot, generation));
        }
        if (next.isEmpty()) return;
        if (next.stream().allMatch(WorkerProcess::ready)) {
            // The new workers listen already, so closing an old socket sends new connections their way.
            for (WorkerProcess fresh : next) {
                WorkerProcess old = current[fresh.slot];
                if (old != null) retire(old);
                current[fresh.slot] = fresh;
            }
            next.clear();
            reloads.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "reload done: " + processes + " new workers serve, "
                    + retiring.size() + " old ones drain");
        } else if (now - reloadStartNanos > READY_TIMEOUT.toNanos()) {
            LOG.log(System.Logger.Level.WARNING, "reload abandoned: new workers not ready after "
                    + READY_TIMEOUT.toSeconds() + " s; the old workers keep serving");
            abandonReload();
        }
    }

    private void abandonReload() {
        for (WorkerProcess w : next) retire(w, Duration.ZERO);
        next.clear();
    }

    private void retire(WorkerProcess w) {
        retire(w, config.shutdownGrace());
    }

    private void retire(WorkerProcess w, Duration grace) {
        retiring.add(w);
        sendStop(w, grace);
    }

    private void killOverdue(long now) {
        for (WorkerProcess w : live.values()) {
            if (!w.stopSent) continue;
            if (now - w.stopDeadlineNanos > 0 || (stopping && now - stopDeadlineNanos > 0)) {
                if (!w.killed) LOG.log(System.Logger.Level.WARNING, w + " did not stop in time; killing it");
                w.kill();
            }
        }
    }

    private WorkerProcess spawn(int slot, long gen) {
        long id = workerIds.incrementAndGet();
        ProcessRole.Worker role = new ProcessRole.Worker(ipc.path(), id, port, tlsPort);
        List<String> command = program.with(List.of(), role.jvmOptions());
        long now = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            WorkerProcess w = new WorkerProcess(id, slot, gen, process, now);
            live.put(id, w);
            process.onExit().thenRun(this::wake);
            return w;
        } catch (IOException e) {
            // The OS refused a process (EAGAIN, ENOMEM): try again later, as if it had died at once.
            LOG.log(System.Logger.Level.ERROR, "cannot start a worker: " + e.getMessage());
            if (!started.isDone()) {
                started.completeExceptionally(e);
                beginStop(Duration.ZERO);
            }
            restartAtNanos[slot] = now + TimeUnit.MILLISECONDS.toNanos(backoff[slot].delayMillis(0));
            return null;
        }
    }

    /**
     * Binds the reservation so that it tolerates the TIME_WAIT connections of an earlier server on the port,
     * yet refuses every socket but our workers' afterwards. Linux checks a bind against each socket already
     * on the port using that socket's flags <em>now</em> (inet_bind_conflict): a TIME_WAIT socket (SO_REUSEADDR
     * from its listener, as every Barista listener has) lets a bind by a socket with SO_REUSEADDR through,
     * and with SO_REUSEPORT alone the bind fails. Once bound, SO_REUSEADDR is cleared again, so that a later
     * bind without SO_REUSEPORT (any other server, even with SO_REUSEADDR) conflicts with the reservation
     * while no worker listens (during the restart of the only worker); workers get in with SO_REUSEPORT, as
     * sockets of the same user.
     *
     * <p>SO_REUSEPORT would also let us in beside another server of this user that has it (a second prefork
     * master on the same port), to share its connections without a word: a plain bind first, which nothing
     * on the port but TIME_WAIT lets through, makes that a bind failure like any other.
     */
    static void reserve(SocketChannel reservation, InetSocketAddress address) throws IOException {
        if (address.getPort() != 0) {
            try (SocketChannel probe = SocketChannel.open()) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                probe.bind(address);
            }
        }
        reservation.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        reservation.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        reservation.bind(address);
        reservation.setOption(StandardSocketOptions.SO_REUSEADDR, false);
    }

    private void cleanUp() {
        SignalFlags.unsubscribe(supervisor);
        ipc.close();
        try {
            portReservation.close();
            if (tlsPortReservation != null) tlsPortReservation.close();
        } catch (IOException ignored) {
            // the port is released with the descriptor
        }
    }
}
