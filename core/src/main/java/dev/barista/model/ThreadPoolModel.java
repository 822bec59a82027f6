package dev.barista.model;

import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.runtime.WorkerPool;
import dev.barista.transport.blocking.BlockingTransport;

import java.io.IOException;

/**
 * Blocking I/O on a bounded pool of platform threads ({@code workers}), each serving one connection from
 * start to end. Connections beyond the pool wait, accepted, in a bounded queue ({@code workerQueue}); beyond
 * that they are answered 503 and closed. Thread creation is paid once, but a keep-alive connection holds its
 * thread even while idle: the pool size is the number of clients served at once.
 */
public record ThreadPoolModel() implements Model {

    @Override
    public String name() {
        return "thread-pool";
    }

    @Override
    public String description() {
        return "blocking I/O on a bounded pool of platform threads, one connection per thread";
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing) throws IOException {
        WorkerPool pool = new WorkerPool("barista-conn", config.workers(), config.workerQueue());
        try {
            ServerContext context = new ServerContext(name(), config, routing, Placement.INLINE);
            return BlockingTransport.start(context, pool, 0, pool::shutdown);
        } catch (IOException | RuntimeException e) {
            pool.shutdownNow(); // a failed start (a bad route, a port in use) leaves no thread behind
            throw e;
        }
    }
}
