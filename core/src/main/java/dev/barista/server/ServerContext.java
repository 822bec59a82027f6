package dev.barista.server;

import dev.barista.handler.Router;

/**
 * What every connection of one server shares: its configuration, routes, the model's dispatch decision and
 * the counters. The draining flag turns on when a graceful stop begins.
 */
public final class ServerContext {
    private final ServerConfig config;
    private final Router router;
    private final Dispatcher dispatcher;
    private final ServerStats stats = new ServerStats();
    private volatile boolean draining;

    public ServerContext(ServerConfig config, Router router, Dispatcher dispatcher) {
        this.config = config;
        this.router = router;
        this.dispatcher = dispatcher;
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

    public void connectionClosed() {
        stats.openConnections.decrementAndGet();
    }
}
