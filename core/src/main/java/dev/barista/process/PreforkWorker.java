package dev.barista.process;

import dev.barista.handler.Router;
import dev.barista.server.Dispatcher;
import dev.barista.server.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerContext;
import dev.barista.server.WorkerPool;
import dev.barista.transport.nio.NioTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One prefork worker process: the reactor with a single event loop (plus the worker pool for blocking
 * routes) on a socket bound with SO_REUSEPORT, reporting to its master. It stops when the master says so,
 * when the master is gone (its socket closes: a worker never outlives its master), or on a SIGTERM of its
 * own; then it drains, sends its final counters and exits. INT and HUP are the master's to act on.
 *
 * <p>Threads: the program's main thread waits for the stop and then stops the transport; a reader thread
 * takes the master's messages; a reporter thread sends the counters every half second.
 */
final class PreforkWorker {
    private static final long REPORT_PERIOD_MILLIS = 500;

    private PreforkWorker() {
    }

    /** Serves as this worker until told to stop, then exits the JVM: never returns. */
    static RunningServer serveAndExit(ProcessRole.Worker role, ServerConfig config, Router router) {
        int code;
        try {
            serve(role, config, router);
            code = 0;
        } catch (Throwable t) {
            System.err.println("barista prefork worker " + ProcessHandle.current().pid() + " failed: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.exit(code);
        throw new AssertionError("unreachable");
    }

    private static void serve(ProcessRole.Worker role, ServerConfig config, Router router)
            throws IOException, InterruptedException {
        SignalFlags.ignoreTerminalSignals();
        WorkerChannel master = WorkerChannel.connect(role.ipc());
        master.send(new IpcMessage.Hello(role.workerId(), ProcessHandle.current().pid()));

        ServerConfig own = onePort(config, role.port());
        WorkerPool kitchen = new WorkerPool("barista-worker", own.workers(), own.workerQueue());
        Dispatcher dispatcher = endpoint -> endpoint.mayBlock() ? kitchen : null; // as the reactor does
        ServerContext context = new ServerContext(own, router, dispatcher);
        NioTransport transport = new NioTransport(context, 1);
        transport.alsoStop(kitchen::shutdown);
        transport.start(true);
        master.send(new IpcMessage.Ready(transport.port()));

        CompletableFuture<Duration> stop = new CompletableFuture<>();
        SignalFlags.onTerm(() -> stop.complete(config.shutdownGrace()));
        Thread.ofPlatform().name("barista-worker-ipc").daemon(true)
                .start(() -> readMaster(master, stop, context, config));
        Thread reporter = Thread.ofPlatform().name("barista-worker-report").daemon(true)
                .start(() -> report(master, context));

        Duration grace = stop.join();
        transport.stop(grace);
        reporter.interrupt();
        try {
            master.send(new IpcMessage.Stats(StatsSnapshot.of(context.stats())));
        } catch (IOException ignored) {
            // the master is gone: nobody to tell
        }
        master.close();
    }

    /** Stop → drain for its grace; a second Stop (the master's fast stop) → report and exit at once. */
    private static void readMaster(WorkerChannel master, CompletableFuture<Duration> stop, ServerContext context,
                                   ServerConfig config) {
        try {
            while (true) {
                if (master.receive() instanceof IpcMessage.Stop s
                        && !stop.complete(Duration.ofMillis(s.graceMillis()))) {
                    master.send(new IpcMessage.Stats(StatsSnapshot.of(context.stats())));
                    Runtime.getRuntime().halt(0);
                }
            }
        } catch (IOException e) {
            // EOF: the master died. Workers never outlive it.
            stop.complete(config.shutdownGrace());
        }
    }

    private static void report(WorkerChannel master, ServerContext context) {
        try {
            while (true) {
                Thread.sleep(REPORT_PERIOD_MILLIS);
                master.send(new IpcMessage.Stats(StatsSnapshot.of(context.stats())));
            }
        } catch (InterruptedException | IOException e) {
            // stopping, or the master is gone (the reader notices that too)
        }
    }

    /** The program's configuration on the master's port, with one event loop: the worker's own share. */
    private static ServerConfig onePort(ServerConfig c, int port) {
        return new ServerConfig(c.host(), port, 1, c.workers(), c.workerQueue(), c.maxConnections(),
                c.maxPipelined(), c.highWaterMark(), c.lowWaterMark(), c.limits(), c.timeouts(),
                c.blockedLoopThreshold(), c.shutdownGrace());
    }
}
