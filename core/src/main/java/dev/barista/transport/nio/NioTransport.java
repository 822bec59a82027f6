package dev.barista.transport.nio;

import dev.barista.server.CloseReason;
import dev.barista.runtime.OwnedResources;
import dev.barista.runtime.ServerContext;
import dev.barista.server.ServerSnapshot;
import dev.barista.runtime.WorkerPool;
import dev.barista.transport.Listener;
import dev.barista.transport.ListeningTransport;
import dev.barista.transport.ListenerSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The non-blocking server transport: a group of event loops, an acceptor on the first, and the set of
 * connections each loop serves (touched only by that loop). Models that use event loops assemble this with
 * their dispatcher.
 */
public final class NioTransport extends ListeningTransport {
    private static final int BACKLOG = 4096;

    private final EventLoopGroup group;
    private final Map<EventLoop, Set<NioConnection>> registries = new IdentityHashMap<>();
    private final OwnedResources owned = new OwnedResources();
    /** Where the model hands blocking work, if it has such a pool: reported in snapshots. */
    private volatile WorkerPool workerPool;
    /** One per listener, all on the first loop. */
    private final List<Acceptor> acceptors = new ArrayList<>();

    public NioTransport(ServerContext context, int loops) {
        super(context);
        this.group = new EventLoopGroup(loops, "barista-loop", context.config().blockedLoopThreshold());
        for (EventLoop loop : group.loops()) {
            registries.put(loop, new HashSet<>());
            loop.onDeath(this::loopDied);
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param reusePort bind with SO_REUSEPORT so that several processes can share the port (prefork)
     */
    public void start(boolean reusePort) throws IOException {
        listeners = ListenerSocket.openAll(context, reusePort, BACKLOG);
        try {
            for (Listener listener : listeners) listener.channel().configureBlocking(false);
        } catch (IOException e) {
            listeners.forEach(Listener::closeQuietly);
            throw e;
        }
        group.start();
        EventLoop first = group.loops().getFirst();
        for (Listener listener : listeners) acceptors.add(new Acceptor(listener, first, group, context, registries));
        onLoop(first, () -> {
            try {
                for (Acceptor acceptor : acceptors) acceptor.register();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * On the dying loop's thread: its connections can never be served again, so they are closed (their
     * clients see the close at once instead of hanging), and the server is told.
     */
    private void loopDied(EventLoop loop, Throwable error) {
        // The acceptor lives on the first loop: with it gone, new clients must be refused by the kernel, not
        // left connected to a listener nobody accepts from.
        if (loop == group.loops().getFirst()) acceptors.forEach(Acceptor::close);
        for (NioConnection c : List.copyOf(registries.get(loop))) {
            try {
                c.close(CloseReason.IO_ERROR);
            } catch (Throwable ignored) {
                // closing what we can
            }
        }
        context.fatal(loop.name(), error);
    }

    /**
     * This process's share: counters, threads, the loops, and the worker pool if the model has one. Reads
     * only atomics, so any thread (an event loop included) may ask.
     */
    @Override
    public ServerSnapshot snapshot() {
        WorkerPool pool = workerPool;
        return context.snapshot(group.snapshot(), pool == null ? null : pool.snapshot());
    }

    /** Something the model started beside the transport, stopped after the connections. */
    public void alsoStop(OwnedResources.Stoppable resource) {
        owned.add(resource);
    }

    /** The pool the model hands blocking work to (the kitchen): stopped after the connections, and reported. */
    public void workerPool(WorkerPool pool) {
        workerPool = pool;
        owned.add(pool::shutdown);
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Graceful stop: stop accepting, close idle connections, let busy ones finish their in-flight requests
     * (answered with {@code Connection: close}) until {@code grace} runs out, then close whatever is left and
     * stop the loops.
     */
    @Override
    public void stop(Duration grace) throws InterruptedException {
        context.withdrawReadiness(); // keeps serving for the readiness delay, /health/ready answering 503
        long deadline = System.nanoTime() + grace.toNanos();
        EventLoop acceptorLoop = group.loops().getFirst();
        if (acceptorLoop.isDead()) {
            acceptors.forEach(Acceptor::closeFromOutside); // its loop died: closed already, or cannot be any more
        } else {
            onLoop(acceptorLoop, () -> acceptors.forEach(Acceptor::close));
            // A channel closed while registered with a selector is really closed (the port stops accepting)
            // only at that selector's next poll. A timer runs after the poll of the turn that scheduled it:
            // wait for one, so that no connection is accepted once draining begins.
            CompletableFuture<Void> polled = new CompletableFuture<>();
            acceptorLoop.execute(() -> acceptorLoop.schedule(0, TimeUnit.NANOSECONDS, () -> polled.complete(null)));
            await(polled);
        }
        // Only now do answers start saying Connection: close. Draining first would make clients reconnect
        // while the listener is still open, and with SO_REUSEPORT (prefork) a connection waiting in a closing
        // listener's queue is reset: the listener closes while the connections are still steady.
        context.startDraining();
        forEachConnection(NioConnection::drain);
        while (context.stats().openConnections.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        forEachConnection(c -> c.close(CloseReason.SERVER_STOP));
        group.stop(Duration.ofSeconds(5));
        owned.stopAll(deadline);
        context.stopped();
    }

    private void forEachConnection(java.util.function.Consumer<NioConnection> action) throws InterruptedException {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (EventLoop loop : group.loops()) {
            if (loop.isDead()) continue; // its connections were closed as it died
            CompletableFuture<Void> f = new CompletableFuture<>();
            loop.execute(() -> {
                for (NioConnection c : List.copyOf(registries.get(loop))) action.accept(c);
                f.complete(null);
            });
            done.add(f);
        }
        for (CompletableFuture<Void> f : done) await(f);
    }

    private static void onLoop(EventLoop loop, Runnable task) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            await(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u;
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("event loop did not answer within 10 s", e);
        }
    }
}
