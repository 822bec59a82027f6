package dev.barista.server;

import dev.barista.handler.Router;

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
    private volatile boolean draining;

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
                eventLoops, workerPool, null, null, stats.traffic());
    }

    public boolean draining() {
        return draining;
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
