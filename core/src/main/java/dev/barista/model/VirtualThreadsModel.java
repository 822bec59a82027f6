package dev.barista.model;

import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.transport.blocking.BlockingTransport;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The chapter's coroutines: one virtual thread per connection, written as plain blocking code. A virtual
 * thread that waits on I/O parks and frees its carrier (kernel) thread, so ten thousand connections run on
 * a handful of carriers, one per core.
 */
public record VirtualThreadsModel() implements Model {

    @Override
    public String name() {
        return "virtual-threads";
    }

    @Override
    public String description() {
        return "blocking-style code, one virtual thread per connection on a few carrier threads";
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing) throws IOException {
        ServerContext context = new ServerContext(name(), config, routing, Placement.INLINE);
        // Counted where they start, so the snapshot shows this server's virtual threads, not the JVM's.
        ExecutorService threads = Executors.newThreadPerTaskExecutor(
                context.virtualThreads().factory("barista-vconn-"));
        return BlockingTransport.start(context, threads, 0, left -> threads.shutdownNow());
    }
}
