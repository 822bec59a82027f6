package dev.barista.process;

import dev.barista.runtime.Overload;
import dev.barista.runtime.RunningServer;
import dev.barista.runtime.ServerContext;
import dev.barista.server.FatalErrorPolicy;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import dev.barista.server.StatsSnapshot;
import dev.barista.runtime.ThreadCensus;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * inetd: the parent of the process-per-connection model. It accepts, and each connection becomes a new
 * child process that owns the connected socket as its descriptor 0 ({@link ChildLauncher}); the parent
 * closes its copy right after the spawn and never reads or writes a byte of it.
 *
 * <p><b>At the limit</b> ({@code maxChildren} live), the parent stops accepting: new connections wait in
 * the kernel's listen backlog (4096, capped by {@code net.core.somaxconn}), and past that the kernel drops
 * their SYNs and clients retransmit. Chosen over an immediate 503 because the parent never speaks HTTP
 * (every byte of a connection is the child's), because the wait is bounded by the backlog and the
 * client's own connect timeout, and because a child's cost is its start-up: refusing in the parent would
 * make overload look cheaper than this model is. The one exception: when the OS refuses to create a
 * process at all, that connection is answered 503 by the parent, as the thread models do when refused a
 * thread.
 *
 * <p>Children report to the parent over {@link ChildStatsServer}: their counts as they exit, and their
 * questions for the whole server's statistics.
 *
 * <p>Threads: an acceptor thread per listener (two with TLS) owns its socket, and they spawn one at a time
 * ({@code spawn}); each child's exit is observed by
 * the JDK's process-reaper threads ({@link ProcessHandle#onExit}, which waits without reaping), and then
 * reaped here with {@code waitpid}, so no zombie stays behind. A pid is signalled only while it is in
 * {@link #children}, under the same lock that reaps it: an unreaped pid cannot have been reused.
 */
public final class ConnectionChildren implements RunningServer {
    /** The model this parent serves, named here so that a child's own snapshot says it too. */
    public static final String MODEL_NAME = "process-per-connection";
    private static final System.Logger LOG = System.getLogger(ConnectionChildren.class.getName());
    private static final int BACKLOG = 4096;
    private static final int POLL_MILLIS = 100;
    /** A child younger than this may not have its SIGTERM handler yet: a stop waits this long to signal it. */
    private static final long BOOT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final int maxChildren;
    private final ChildCommand command;
    private final ListeningSocket listener;
    private final ChildLauncher launcher;
    private final Semaphore slots;
    /** Live (unreaped) children: pid → spawn time. Guarded by itself for reaping and signalling. */
    private final Map<Long, Long> children = new ConcurrentHashMap<>();
    private final ServerStats stats = new ServerStats();
    private final LongAdder spawned = new LongAdder();
    private final LongAdder lifetimeNanos = new LongAdder();
    private final LongAdder reaped = new LongAdder();
    /** Where the parent's IPC connections are read. */
    private final VirtualThreadCounter virtualThreads = new VirtualThreadCounter();
    private final ChildStatsServer ipc;
    private final Thread acceptor;
    /** The TLS listener and its acceptor; null without TLS. */
    private final ListeningSocket tlsListener;
    private final Thread tlsAcceptor;
    private volatile boolean accepting = true;
    /** What killed an acceptor, or null. */
    private volatile Throwable fatal;
    private boolean stopped;

    private ConnectionChildren(ServerConfig config, int maxChildren, ProgramCommand program) throws IOException {
        this.config = config;
        this.maxChildren = maxChildren;
        this.slots = new Semaphore(maxChildren);
        this.listener = ListeningSocket.bind(config.host(), config.port(), BACKLOG);
        try {
            // A child is told which listener its connection came from: it speaks TLS on it or not.
            this.tlsListener = config.tls() == null ? null : ListeningSocket.bind(config.host(), config.tlsPort(), BACKLOG);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        try {
            this.ipc = ChildStatsServer.start(this::childExited, this::wholeServer, virtualThreads);
        } catch (IOException e) {
            listener.close();
            if (tlsListener != null) tlsListener.close();
            throw e;
        }
        this.command = new ChildCommand(program, ipc.path());
        this.launcher = new ChildLauncher(System.getenv());
        this.acceptor = Thread.ofPlatform().name("barista-inetd-acceptor")
                .unstarted(() -> acceptLoop(listener, false));
        this.tlsAcceptor = tlsListener == null ? null : Thread.ofPlatform().name("barista-inetd-acceptor-tls")
                .unstarted(() -> acceptLoop(tlsListener, true));
    }

    /** Listens and serves each connection from a new child running {@code program}. */
    public static ConnectionChildren start(ServerConfig config, int maxChildren, ProgramCommand program)
            throws IOException {
        Posix.Platform.require("the process-per-connection model");
        if (maxChildren < 1) throw new IllegalArgumentException("maxChildren must be >= 1");
        ConnectionChildren parent = new ConnectionChildren(config, maxChildren, program);
        parent.acceptor.start();
        if (parent.tlsAcceptor != null) parent.tlsAcceptor.start();
        return parent;
    }

    @Override
    public int port() {
        return listener.port();
    }

    @Override
    public boolean live() {
        return fatal == null;
    }

    @Override
    public int securePort() {
        return tlsListener == null ? -1 : tlsListener.port();
    }

    /**
     * The server's counters: the parent's own (accepted connections, open connections = live children,
     * refused ones: no process could be created) plus what the children counted (requests, bad requests,
     * handler errors, timeouts), added as each child reports on its way out. A child killed with SIGKILL
     * takes its counts with it.
     */
    @Override
    public ServerStats stats() {
        return stats;
    }

    /**
     * The parent's view: itself and its live children as processes, its own threads (each child is a JVM
     * of its own, not counted here), the counters of {@link #stats()} and the children's numbers.
     */
    @Override
    public ServerSnapshot snapshot() {
        int live = liveChildren();
        ServerSnapshot.Children children = new ServerSnapshot.Children(live, maxChildren, spawned(), reaped.sum(),
                meanChildLifetimeMillis());
        return new ServerSnapshot(MODEL_NAME, false, 1 + live, StatsSnapshot.of(stats),
                ThreadCensus.take(virtualThreads), null, null, null, children);
    }

    /**
     * The answer to a child's query: the parent's view, with the asking child's own counts (not reported
     * yet: it is still serving) added. Other live children's counts come in when they exit.
     */
    private ServerSnapshot wholeServer(ServerSnapshot asker) {
        ServerSnapshot parent = snapshot();
        StatsSnapshot counters = parent.counters().plus(childCounts(asker.counters()));
        return new ServerSnapshot(MODEL_NAME, false, parent.processes(), counters, parent.threads(), null, null,
                null, parent.children());
    }

    /** A child's final report: its counts join the server's. */
    private void childExited(ServerSnapshot last) {
        StatsSnapshot c = childCounts(last.counters());
        stats.requests.add(c.requests());
        stats.badRequests.add(c.badRequests());
        stats.handlerErrors.add(c.handlerErrors());
        stats.rejectedWork.add(c.rejectedWork());
        stats.timeouts.add(c.timeouts());
    }

    /** What a child counts that the parent does not: its connection is counted by the parent already. */
    private static StatsSnapshot childCounts(StatsSnapshot c) {
        return new StatsSnapshot(0, 0, 0, c.requests(), c.badRequests(), c.handlerErrors(), c.rejectedWork(),
                c.timeouts());
    }

    /** Children started so far. */
    public long spawned() {
        return spawned.sum();
    }

    /** Children running now (at most {@code maxChildren}). */
    public int liveChildren() {
        return children.size();
    }

    /** Mean time from spawn to reaping, over the children reaped so far: start-up, serving and exit. */
    public double meanChildLifetimeMillis() {
        long n = reaped.sum();
        return n == 0 ? 0 : lifetimeNanos.sum() / 1e6 / n;
    }

    public int maxChildren() {
        return maxChildren;
    }

    // ---- accepting -------------------------------------------------------------------------------------

    private void acceptLoop(ListeningSocket listener, boolean secure) {
        try {
            while (accepting) {
                // Full: leave new connections in the backlog (see the class comment).
                if (!slots.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) continue;
                boolean handedOff = false;
                try {
                    int fd = listener.accept(POLL_MILLIS);
                    if (fd >= 0) handedOff = handOff(fd, secure);
                } catch (Posix.PosixException e) {
                    pauseAfter(e);
                } finally {
                    if (!handedOff) slots.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // A parent with one listener dead would go on reporting itself live: the same as a dead loop.
            fatal = e;
            LOG.log(System.Logger.Level.ERROR, "the acceptor of the " + (secure ? "TLS" : "cleartext")
                    + " listener died of " + e + "; the server cannot serve fully", e);
            if (config.onFatalError() == FatalErrorPolicy.EXIT) ServerContext.exitForRestart(LOG);
        } finally {
            listener.close();
        }
    }

    /** Spawns the child for {@code fd} and closes the parent's copy; true if a child now owns it. */
    private boolean handOff(int fd, boolean secure) {
        stats.acceptedConnections.increment();
        long pid;
        try {
            pid = spawn(fd, secure);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot start a child: " + e.getMessage());
            stats.refusedConnections.increment();
            Posix.write(fd, Overload.tooManyConnections());
            Posix.close(fd);
            return false;
        }
        // The child has its own copy now (as descriptor 0); ours must go, or the connection would stay
        // open after the child closes it, and we would leak one descriptor per connection.
        Posix.close(fd);
        spawned.increment();
        stats.openConnections.incrementAndGet();
        children.put(pid, System.nanoTime());
        ProcessHandle.of(pid).ifPresentOrElse(
                handle -> handle.onExit().whenComplete((h, t) -> reap(pid)),
                () -> reap(pid));
        return true;
    }

    /**
     * One spawn at a time, whichever listener the connection came from: the launcher's reused C arrays and
     * the start-up archive's choice of the child that trains it are shared by the two acceptors (with TLS), and
     * choosing the command, spawning and noting the child must not interleave.
     */
    private long spawn(int fd, boolean secure) throws IOException {
        synchronized (launcher) {
            try {
                long pid = launcher.spawn(command.next(secure), fd);
                command.spawned(pid);
                return pid;
            } catch (IOException e) {
                command.spawnFailed();
                throw e;
            }
        }
    }

    /** Runs when the child has exited (waited for without reaping): reap it and free its slot. */
    private void reap(long pid) {
        int status;
        synchronized (children) {
            Long start = children.get(pid);
            if (start == null) return;
            try {
                status = Posix.waitpid(pid, false);
            } catch (IOException e) {
                status = -1; // not our child any more (someone else reaped it): nothing left to release
            }
            lifetimeNanos.add(System.nanoTime() - start);
            reaped.increment();
            // Counted as exited before it stops counting as live: whoever sees no live child sees every exit.
            children.remove(pid);
        }
        stats.openConnections.decrementAndGet();
        slots.release();
        command.exited(pid, status);
        if (status > 0 && Posix.exitCode(status) != 0 && Posix.exitCode(status) != 128 + Posix.SIGTERM) {
            LOG.log(System.Logger.Level.DEBUG, "child " + pid + " exited with " + Posix.exitCode(status));
        }
    }

    private void pauseAfter(Posix.PosixException e) throws InterruptedException {
        // Out of descriptors (EMFILE/ENFILE) and the like: the connection stays queued; do not spin.
        LOG.log(System.Logger.Level.WARNING, "accept failed (" + e.getMessage() + "); pausing 100 ms");
        Thread.sleep(100);
    }

    // ---- stopping --------------------------------------------------------------------------------------

    /**
     * Stops accepting (connections still in the backlog are refused by the kernel), then drains the
     * children: each gets SIGTERM (once it is old enough to have its handler), which closes an idle
     * connection at once and a busy one after its answer. Children left after {@code grace} are killed.
     */
    @Override
    public synchronized void stop(Duration grace) throws InterruptedException {
        if (stopped) return;
        stopped = true;
        // Each child applies the readiness delay to its own connection before draining it: wait for that too.
        long deadline = System.nanoTime() + grace.toNanos() + config.readinessDelay().toNanos();
        accepting = false;
        acceptor.join();
        if (tlsAcceptor != null) tlsAcceptor.join();
        Map<Long, Boolean> signalled = new ConcurrentHashMap<>();
        while (!children.isEmpty() && System.nanoTime() - deadline < 0) {
            long now = System.nanoTime();
            synchronized (children) {
                children.forEach((pid, start) -> {
                    if (now - start >= BOOT_NANOS && signalled.putIfAbsent(pid, true) == null) {
                        Posix.kill(pid, Posix.SIGTERM);
                    }
                });
            }
            Thread.sleep(10);
        }
        synchronized (children) {
            children.keySet().forEach(pid -> Posix.kill(pid, Posix.SIGKILL));
        }
        long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (!children.isEmpty() && System.nanoTime() - killDeadline < 0) Thread.sleep(10);
        if (!children.isEmpty()) LOG.log(System.Logger.Level.WARNING, children.size() + " children not reaped");
        ipc.close();
        command.close();
        launcher.close();
    }

    /** How a child is started: the program again, in its connection-child role, tuned for start-up. */
    static final class ChildCommand implements AutoCloseable {
        private final ProgramCommand program;
        private final java.nio.file.Path ipc;
        private final StartupArchive archive;

        ChildCommand(ProgramCommand program, java.nio.file.Path ipc) {
            this.program = program;
            this.ipc = ipc;
            this.archive = StartupArchive.forProgram(program);
        }

        /** The command of a child whose connection came from the TLS listener ({@code secure}) or not. */
        List<String> next(boolean secure) {
            List<String> options = new ArrayList<>(new ProcessRole.Child(ipc, secure).jvmOptions());
            options.addAll(archive.childOptions());
            return program.with(StartupArchive.PARENT_OPTIONS_DROPPED, options);
        }

        void spawned(long pid) {
            archive.spawned(pid);
        }

        void spawnFailed() {
            archive.spawnFailed();
        }

        void exited(long pid, int status) {
            archive.exited(pid, status);
        }

        @Override
        public void close() {
            archive.close();
        }
    }
}
