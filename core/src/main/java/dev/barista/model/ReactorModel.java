package dev.barista.model;

import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.runtime.WorkerPool;
import dev.barista.transport.nio.NioTransport;

import java.io.IOException;

/**
 * The café (the chapter's reactor pattern): event loops, one per core, take every order; non-blocking
 * routes are served at the counter, on the loop; blocking ones go to the kitchen, a bounded worker pool,
 * and their responses come back to the loop. A full kitchen answers 503.
 */
public record ReactorModel() implements Model {

    @Override
    public String name() {
        return "reactor";
    }

    @Override
    public String description() {
        return "event loops (one per core) + a bounded worker pool for blocking handlers";
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing) throws IOException {
        WorkerPool kitchen = new WorkerPool("barista-worker", config.workers(), config.workerQueue());
        try {
            ServerContext context = new ServerContext(name(), config, routing, Placement.offLoop(kitchen));
            NioTransport transport = new NioTransport(context, config.loops());
            transport.workerPool(kitchen);
            transport.start(false);
            return transport;
        } catch (IOException | RuntimeException e) {
            kitchen.shutdownNow(); // a failed start (a bad route, a port in use) leaves no thread behind
            throw e;
        }
    }
}
