package dev.barista.process;

import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import dev.barista.runtime.WorkerPool;
import dev.barista.transport.nio.NioTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One prefork worker process: the reactor with a single event loop (plus the worker pool for blocking
 * routes) on a socket bound with SO_REUSEPORT, reporting to its master. It stops when the master says so,
 * when the master is gone (its socket closes: a worker never outlives its master), or on a SIGTERM of its
 * own; then it drains, sends its final snapshot and exits. INT and HUP are the master's to act on.
 *
 * <p>As a {@link RunningServer} (what its routes see) its {@link #snapshot()} is its own share, and
 * {@link #wholeServerSnapshot()} asks the master, so that {@code /stats} on any worker shows the whole server.
 *
 * <p>Threads: the program's main thread waits for the stop and then stops the transport; a reader thread
 * takes the master's messages (stops, answers to stats queries); a sender thread writes to the master: a
 * report every half second, and each stats query as it is asked, so an event loop never writes to IPC.
 */
final class PreforkWorker implements RunningServer {
    private static final long REPORT_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** How long a stats query waits for the master before answering with the worker's own numbers. */
    static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);

    private final WorkerChannel master;
    private final NioTransport transport;
    private final CompletableFuture<Duration> stop = new CompletableFuture<>();
    /** Ids of stats queries for the sender thread to write. */
    private final BlockingQueue<Long> outbox = new LinkedBlockingQueue<>();
    private final SnapshotQueries queries;

    private PreforkWorker(WorkerChannel master, NioTransport transport) {
        this.master = master;
        this.transport = transport;
        this.queries = new SnapshotQueries(QUERY_TIMEOUT, transport::snapshot);
    }

    /** Serves as this worker until told to stop, then exits the JVM: never returns. */
    static RunningServer serveAndExit(ProcessRole.Worker role, ServerConfig config, Routing routing,
                                      Consumer<RunningServer> serving) {
        int code;
        try {
            serve(role, config, routing, serving);
            code = 0;
        } catch (Throwable t) {
            System.err.println("barista prefork worker " + ProcessHandle.current().pid() + " failed: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
        throw new AssertionError("unreachable");
    }

    private static void serve(ProcessRole.Worker role, ServerConfig config, Routing routing,
                              Consumer<RunningServer> serving) throws IOException, InterruptedException {
        SignalFlags.ignoreTerminalSignals();
        WorkerChannel master = WorkerChannel.connect(role.ipc());
        master.send(new IpcMessage.Hello(role.workerId(), ProcessHandle.current().pid()));

        ServerConfig own = config.withPortsAndLoops(role.port(), Math.max(0, role.tlsPort()), 1);
        WorkerPool kitchen = new WorkerPool("barista-worker", own.workers(), own.workerQueue());
        Placement placement = Placement.offLoop(kitchen); // as the reactor does
        ServerContext context = new ServerContext(PreforkMaster.MODEL_NAME, own, routing, placement);
        NioTransport transport = new NioTransport(context, 1);
        transport.workerPool(kitchen);
        PreforkWorker worker = new PreforkWorker(master, transport);
        transport.start(true);
        serving.accept(worker);
        master.send(new IpcMessage.Ready(transport.port()));
        worker.serveUntilStopped(config);
    }

    private void serveUntilStopped(ServerConfig config) throws InterruptedException {
        SignalFlags.onTerm(() -> stop.complete(config.shutdownGrace()));
        Thread.ofPlatform().name("barista-worker-ipc").daemon(true).start(() -> readMaster(config));
        Thread sender = Thread.ofPlatform().name("barista-worker-report").daemon(true).start(this::sendToMaster);

        Duration grace = stop.join();
        transport.stop(grace);
        sender.interrupt();
        try {
            master.send(new IpcMessage.Stats(transport.snapshot()));
        } catch (IOException ignored) {
            // the master is gone: nobody to tell
        }
        master.close();
    }

    @Override
    public int port() {
        return transport.port();
    }

    @Override
    public int securePort() {
        return transport.securePort();
    }

    @Override
    public ServerStats stats() {
        return transport.stats();
    }

    /** False once this worker was told to stop (readiness delay included): its /health/ready answers 503. */
    @Override
    public boolean ready() {
        return transport.ready();
    }

    /** This worker's share of the server. */
    @Override
    public ServerSnapshot snapshot() {
        return transport.snapshot();
    }

    /** The whole server, from the master; this worker's own numbers, marked partial, if it does not answer. */
    @Override
    public CompletionStage<ServerSnapshot> wholeServerSnapshot() {
        return queries.ask(outbox::add);
    }

    /** Asks this worker to drain for up to {@code grace} and exit, as a SIGTERM would; does not wait. */
    @Override
    public void stop(Duration grace) {
        stop.complete(grace);
    }

    /**
     * Stop → drain for its grace; a second Stop (the master's fast stop) → report and exit at once. Answers
     * to stats queries complete them here.
     */
    private void readMaster(ServerConfig config) {
        try {
            while (true) {
                IpcMessage message = master.receive();
                if (message instanceof IpcMessage.StatsAnswer a) {
                    queries.answered(a.id(), a.whole());
                } else if (message instanceof IpcMessage.Stop s && !stop.complete(Duration.ofMillis(s.graceMillis()))) {
                    master.send(new IpcMessage.Stats(transport.snapshot()));
                    Runtime.getRuntime().halt(0);
                }
            }
        } catch (IOException e) {
            // EOF: the master died. Workers never outlive it.
            stop.complete(config.shutdownGrace());
        }
    }

    /** The only writer to the master while serving: queries as they come, a report every half second. */
    private void sendToMaster() {
        long nextReport = System.nanoTime() + REPORT_PERIOD_NANOS;
        try {
            while (true) {
                Long query = outbox.poll(Math.max(0, nextReport - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (query != null) {
                    master.send(new IpcMessage.StatsQuery(query, transport.snapshot()));
                } else {
                    master.send(new IpcMessage.Stats(transport.snapshot()));
                    nextReport = System.nanoTime() + REPORT_PERIOD_NANOS;
                }
            }
        } catch (InterruptedException | IOException e) {
            // stopping, or the master is gone (the reader notices that too); queries left answer partial
        }
    }
}
