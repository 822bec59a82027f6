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
 * The chapter's multi-thread server in its plainest form: a new platform thread per connection, blocking
 * I/O, handlers run on it. Simple and isolated per request, but every connection costs a kernel thread and
 * its stack: at C10K that is ten thousand threads, and creating them is where it hurts. When the OS refuses
 * a thread, the connection is answered 503 and closed.
 */
public record ThreadPerConnectionModel() implements Model {
    /**
     * What a connection's platform thread costs in the memory budget: the stack it touches (its reservation
     * is 1 MiB of address space, mostly never committed). So at C10K the budget, not the OS, says no first.
     */
    static final long PLATFORM_THREAD_BYTES = 128 * 1024;

    @Override
    public String name() {
        return "thread-per-connection";
    }

    @Override
    public String description() {
        return "blocking I/O, a new platform thread for every connection";
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing) throws IOException {
        ExecutorService threads = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("barista-conn-", 0).factory());
        return BlockingTransport.start(new ServerContext(name(), config, routing, Placement.INLINE), threads,
                PLATFORM_THREAD_BYTES,
                left -> threads.shutdownNow());
    }
}
