package dev.barista.runtime;

import dev.barista.transport.tls.TlsContext;
import dev.barista.server.StatsSnapshot;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.FatalErrorPolicy;
import dev.barista.server.CloseReason;
import dev.barista.server.ServerStats;
import dev.barista.dispatch.Failures;
import dev.barista.dispatch.Placement;
import dev.barista.dispatch.RequestDispatcher;
import dev.barista.dispatch.Routing;
import dev.barista.handler.ExchangeListener;
import dev.barista.handler.Route;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What every connection of one server shares: the model's name, its configuration, the dispatcher (routes
 * and the model's placement of handlers), the counters, the listeners told of every answer, and the virtual
 * threads it starts. The draining flag turns on when a graceful stop begins.
 */
public final class ServerContext {
    private final String model;
    private final ServerConfig config;
    private final RequestDispatcher dispatcher;
    private final ServerStats stats = new ServerStats();
    private final ExchangeListener[] listeners;
    private final VirtualThreadCounter virtualThreads = new VirtualThreadCounter();
    private final MemoryBudget memory;
    /**
     * During a drain, a keep-alive connection idle this long is closed; one active more recently stays open
     * until then, and its next answer carries {@code Connection: close}. Closing an idle connection races with
     * a request its client may be sending at that moment (the client sees a reset, and one that does not
     * retry fails the request); a client quiet for this long is unlikely to be sending.
     */
    public static final long DRAIN_IDLE_NANOS = 500_000_000L;

    private final TlsContext tls;
    private volatile boolean draining;
    private volatile boolean readinessWithdrawn;
    /** The error that killed a thread the server cannot do without, or null. */
    private volatile Throwable fatal;

    public ServerContext(String model, ServerConfig config, Routing routing, Placement placement) {
        this.model = model;
        this.config = config;
        this.memory = new MemoryBudget(config.memoryBudget());
        dev.barista.protocol.http1.CodecWarmUp.run(); // class initialization here, not on a loop's first request
        this.dispatcher = new RequestDispatcher(routing.routes(), routing.globalFilters(), placement,
                new Failures(routing.exceptionMappers(), routing.statusHandlers(), stats), routing.settings(), stats);
        List<ExchangeListener> all = new ArrayList<>();
        all.add(stats);
        if (config.accessLog() != null) all.add(config.accessLog());
        all.addAll(routing.listeners());
        this.listeners = all.toArray(ExchangeListener[]::new);
        this.tls = config.tls() == null ? null : TlsContext.create(config.tls()); // a bad certificate fails the start
    }

    /** The TLS listener's certificates and engines, or null when the server has no TLS listener. */
    public TlsContext tls() {
        return tls;
    }

    public String model() {
        return model;
    }

    public ServerConfig config() {
        return config;
    }

    public RequestDispatcher dispatcher() {
        return dispatcher;
    }

    public ServerStats stats() {
        return stats;
    }

    /** What the server may hold for its clients (bodies, unsent bytes, connection buffers). */
    public MemoryBudget memory() {
        return memory;
    }

    /**
     * One request answered, or a rejected message (head null), as its response is queued for writing: told
     * to every listener (the counters and JFR first, then the access log, then the application's).
     *
     * @param nanos from its head arriving to now, by the transport's clock
     */
    public void answered(RequestHead head, Route route, Response response, long nanos, InetSocketAddress remote) {
        for (ExchangeListener listener : listeners) {
            try {
                listener.answered(head, route, response, nanos, remote);
            } catch (RuntimeException e) {
                System.getLogger(ServerContext.class.getName()).log(System.Logger.Level.ERROR,
                        "exchange listener " + listener + " failed", e);
            }
        }
    }

    /** Where this server starts its virtual threads, so that they are counted. */
    public VirtualThreadCounter virtualThreads() {
        return virtualThreads;
    }

    /**
     * This process serving this server, now: the counters, the threads, and the transport's parts (null
     * where it has none).
     */
    public ServerSnapshot snapshot(ServerSnapshot.Loops eventLoops, ServerSnapshot.Pool workerPool) {
        return new ServerSnapshot(model, false, 1, StatsSnapshot.of(stats), ThreadCensus.take(virtualThreads),
                eventLoops, workerPool, null, null, stats.traffic(config.accessLog()),
                new ServerSnapshot.Memory(memory.limit(), memory.used(), memory.refusals()));
    }

    public boolean draining() {
        return draining;
    }

    /** Whether a load balancer should send here: false once a stop has begun, delay or not, or a fatal error. */
    public boolean ready() {
        return !readinessWithdrawn && !draining && fatal == null;
    }

    /** False once a thread the server cannot do without died of an error. */
    public boolean live() {
        return fatal == null;
    }

    /**
     * A thread the server cannot do without ({@code what}) died of {@code error}; it is already out of
     * service. Readiness and liveness turn false; under {@link FatalErrorPolicy#EXIT} the process ends with
     * status 70 so that its supervisor restarts it (the shutdown hooks get a few seconds, then it halts).
     */
    public void fatal(String what, Throwable error) {
        fatal = error;
        System.Logger log = System.getLogger(ServerContext.class.getName());
        log.log(System.Logger.Level.ERROR, what + " died of " + error + "; the server cannot serve fully",
                error);
        if (config.onFatalError() == FatalErrorPolicy.EXIT) exitForRestart(log);
    }

    /**
     * Ends the process with status 70 (EX_SOFTWARE) so that its supervisor restarts it: the shutdown hooks get
     * ten seconds, then it halts. Returns at once; the exit runs on a thread of its own.
     */
    public static void exitForRestart(System.Logger log) {
        log.log(System.Logger.Level.ERROR, "exiting with status 70 for the supervisor to restart this process");
        Thread.ofPlatform().name("barista-fatal-exit").daemon(true).start(() -> {
            Thread.ofPlatform().name("barista-fatal-halt").daemon(true).start(() -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException ignored) {
                    // halting anyway
                }
                Runtime.getRuntime().halt(70); // a shutdown hook that hangs must not keep a broken server up
            });
            System.exit(70);
        });
    }

    /**
     * The first step of a graceful stop: readiness turns false, then the server keeps serving normally (the
     * listener open, keep-alive kept) for {@code readinessDelay}, so a load balancer polling readiness stops
     * sending before any connection is closed. Blocks the stopping thread for the delay; an interrupt cuts it
     * short.
     */
    public void withdrawReadiness() {
        readinessWithdrawn = true;
        long millis = config.readinessDelay().toMillis();
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server has stopped: releases what the dispatcher holds (its deadline timer). */
    public void stopped() {
        dispatcher.close();
    }

    public void startDraining() {
        draining = true;
    }

    /** Reserves a connection slot; false when the server is full and the connection must be refused. */
    public boolean tryOpenConnection() {
        while (true) {
            int open = stats.openConnections.get();
            if (open >= config.maxConnections()) return false;
            if (stats.openConnections.compareAndSet(open, open + 1)) return true;
        }
    }

    public void connectionClosed(CloseReason reason) {
        stats.openConnections.decrementAndGet();
        stats.closed(reason);
    }
}
