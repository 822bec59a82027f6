package dev.barista.server;

import dev.barista.handler.Route;
import dev.barista.handler.Router;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;

/**
 * What every connection of one server shares: the model's name, its configuration, routes, the model's
 * dispatch decision, the counters and the virtual threads it starts. The draining flag turns on when a
 * graceful stop begins.
 */
public final class ServerContext {
    private final String model;
    private final ServerConfig config;
    private final Router router;
    private final Dispatcher dispatcher;
    private final ServerStats stats = new ServerStats();
    private final VirtualThreadCounter virtualThreads = new VirtualThreadCounter();
    /**
     * During a drain, a keep-alive connection idle this long is closed; one active more recently stays open
     * until then, and its next answer carries {@code Connection: close}. Closing an idle connection races with
     * a request its client may be sending at that moment (the client sees a reset, and one that does not
     * retry fails the request); a client quiet for this long is unlikely to be sending.
     */
    public static final long DRAIN_IDLE_NANOS = 500_000_000L;

    private volatile boolean draining;
    private volatile boolean readinessWithdrawn;

    public ServerContext(String model, ServerConfig config, Router router, Dispatcher dispatcher) {
        this.model = model;
        this.config = config;
        this.router = router;
        this.dispatcher = dispatcher;
    }

    public String model() {
        return model;
    }

    public ServerConfig config() {
        return config;
    }

    public Router router() {
        return router;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public ServerStats stats() {
        return stats;
    }

    /**
     * One request answered, or a rejected message (head null): counted by route and status, sent to JFR if
     * enabled, and to the access log if there is one. The address is read only for the access log.
     */
    public void answered(RequestHead head, Route route, Response response, long startNanos, NetworkChannel channel) {
        int status = response.status();
        long nanos = stats.answered(head == null ? null : head.method(), route, status, startNanos);
        AccessLog log = config.accessLog();
        if (log == null) return;
        SocketAddress remote;
        try {
            remote = channel instanceof java.nio.channels.SocketChannel s ? s.getRemoteAddress() : null;
        } catch (IOException e) {
            remote = null;
        }
        log.offer(new AccessLog.Entry(System.currentTimeMillis(), remote, head == null ? null : head.method(),
                head == null ? null : head.target(), head == null ? null : head.version().toString(), status,
                response.body().length(), nanos, route == null ? RouteMetrics.UNMATCHED : route.pattern()));
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
                eventLoops, workerPool, null, null, stats.traffic(config.accessLog()));
    }

    public boolean draining() {
        return draining;
    }

    /** Whether a load balancer should send here: false once a stop has begun, delay or not. */
    public boolean ready() {
        return !readinessWithdrawn && !draining;
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
