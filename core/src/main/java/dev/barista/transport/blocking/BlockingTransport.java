package dev.barista.transport.blocking;

import dev.barista.runtime.OwnedResources;
import dev.barista.runtime.Overload;
import dev.barista.server.CloseReason;
import dev.barista.runtime.ServerContext;
import dev.barista.server.ServerSnapshot;
import dev.barista.runtime.WorkerPool;
import dev.barista.protocol.SessionFactory;
import dev.barista.transport.Listener;
import dev.barista.transport.ListeningTransport;
import dev.barista.transport.ListenerSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The blocking server transport: an acceptor thread hands each connection to a thread that serves it from
 * start to end ({@link BlockingConnection}). Which thread — a new platform thread, a pooled one, a virtual
 * one — is the model's choice, given as an {@link Executor}; an executor that refuses means the server is
 * full, and the connection gets a 503 and is closed.
 *
 * <p>Blocking writes have no timeout of their own, so a reaper thread closes connections whose write has
 * been stuck longer than the write timeout.
 */
public final class BlockingTransport extends ListeningTransport {
    private static final System.Logger LOG = System.getLogger(BlockingTransport.class.getName());
    private static final int BACKLOG = 4096;
    private static final long REAPER_PERIOD_MILLIS = 100;

    private final Executor connectionThreads;
    /** Memory budget one connection holds: its buffers, and its thread when the model starts one for it. */
    private final long connectionBytes;
    private final Set<BlockingConnection> connections = ConcurrentHashMap.newKeySet();
    private final OwnedResources owned = new OwnedResources();
    private final List<Thread> acceptors = new ArrayList<>();
    private Thread reaper;
    private volatile boolean running = true;

    /**
     * @param threadBytes what the model's thread for one connection costs in memory beyond its buffers (a new
     *                    platform thread's stack; zero for pooled or virtual threads), counted in the budget
     */
    public BlockingTransport(ServerContext context, Executor connectionThreads, long threadBytes) {
        super(context);
        this.connectionThreads = connectionThreads;
        this.connectionBytes = BlockingConnection.BUFFER_BYTES + threadBytes;
    }

    public void start() throws IOException {
        listeners = ListenerSocket.openAll(context, false, BACKLOG);
        for (Listener listener : listeners) {
            String name = listener.secure() ? "barista-acceptor-tls" : "barista-acceptor";
            acceptors.add(Thread.ofPlatform().name(name).start(() -> acceptLoop(listener)));
        }
        reaper = Thread.ofPlatform().name("barista-write-reaper").daemon(true).start(this::reapStalledWrites);
    }

    /**
     * Serves one connection that another process accepted and handed over (a process-per-connection
     * child's descriptor 0) on the calling thread, until it closes. There is no listening socket; the write
     * reaper runs as usual, and {@link #stop} drains this connection like any other.
     */
    public void serveInherited(SocketChannel channel, SessionFactory sessions) throws IOException {
        reaper = Thread.ofPlatform().name("barista-write-reaper").daemon(true).start(this::reapStalledWrites);
        try {
            if (!context.tryOpenConnection()) throw new IllegalStateException("maxConnections < 1");
            context.stats().acceptedConnections.increment();
            BlockingConnection connection;
            try {
                connection = new BlockingConnection(channel, context, sessions, connections, 0);
            } catch (IOException e) {
                context.connectionClosed(CloseReason.IO_ERROR);
                closeQuietly(channel);
                throw e;
            }
            connections.add(connection);
            connection.run();
        } finally {
            running = false;
            reaper.interrupt();
        }
    }

    /**
     * This process's share: counters and threads (a connection's thread is its whole cost here); under
     * thread-pool also the pool, whose queue holds the connections waiting for a thread. Any thread.
     */
    @Override
    public ServerSnapshot snapshot() {
        return context.snapshot(null, connectionThreads instanceof WorkerPool pool ? pool.snapshot() : null);
    }

    /** The threads that serve connections (a pool, an executor), stopped after the connections. */
    public void alsoStop(OwnedResources.Stoppable resource) {
        owned.add(resource);
    }

    /**
     * Starts a blocking transport whose connections each get a thread from {@code threads}, which is stopped
     * with it: the whole of a thread model but its choice of thread.
     */
    public static BlockingTransport start(ServerContext context, Executor threads, long threadBytes,
                                          OwnedResources.Stoppable stopThreads) throws IOException {
        BlockingTransport transport = new BlockingTransport(context, threads, threadBytes);
        transport.alsoStop(stopThreads);
        transport.start();
        return transport;
    }

    private void acceptLoop(Listener listener) {
        try {
            while (running) {
                try {
                    acceptOne(listener);
                } catch (ClosedChannelException e) {
                    return; // stop() closed the listening socket
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "accept failed: " + e.getMessage());
                    pause();
                } catch (Throwable t) {
                    // An error here must not end accepting for good: report it, breathe, go on.
                    LOG.log(System.Logger.Level.ERROR, "accepting a connection failed", t);
                    pause();
                }
            }
        } catch (Throwable t) {
            context.fatal(Thread.currentThread().getName(), t);
        }
    }

    /**
     * One connection: refused (503) at the connection limit, or when its buffers and thread would not fit the
     * memory budget, or when no thread can be had for it; otherwise handed to its thread.
     */
    private void acceptOne(Listener listener) throws IOException {
        SocketChannel channel = listener.channel().accept();
        if (!context.tryOpenConnection()) {
            refuse(channel);
            return;
        }
        if (!context.memory().tryReserve(connectionBytes)) {
            context.stats().openConnections.decrementAndGet(); // refuse() counts the close
            refuse(channel);
            return;
        }
        context.stats().acceptedConnections.increment();
        BlockingConnection connection;
        try {
            connection = new BlockingConnection(channel, context, listener.sessions(), connections, connectionBytes);
        } catch (IOException e) {
            context.memory().release(connectionBytes);
            context.connectionClosed(CloseReason.IO_ERROR);
            closeQuietly(channel);
            return;
        }
        connections.add(connection);
        try {
            connectionThreads.execute(connection);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
            // No thread for it (a full pool, or the OS refusing one more thread): refuse cleanly.
            connections.remove(connection);
            context.memory().release(connectionBytes);
            context.stats().openConnections.decrementAndGet(); // refuse() counts the close
            context.stats().acceptedConnections.decrement();
            refuse(channel);
        }
    }

    private void refuse(SocketChannel channel) {
        context.stats().refused();
        try {
            channel.write(ByteBuffer.wrap(Overload.tooManyConnections()));
        } catch (IOException ignored) {
            // the client left already
        }
        closeQuietly(channel);
    }

    private void reapStalledWrites() {
        while (running) {
            try {
                Thread.sleep(REAPER_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (BlockingConnection c : connections) {
                long deadline = c.writeDeadlineNanos;
                if (deadline != 0 && now - deadline > 0) {
                    context.stats().timeouts.increment();
                    c.close(CloseReason.WRITE_TIMEOUT);
                }
            }
        }
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
        context.withdrawReadiness(); // keeps serving for the readiness delay, /health/ready answering 503
        long deadline = System.nanoTime() + grace.toNanos();
        running = false;
        listeners.forEach(Listener::closeQuietly); // none when serving an inherited connection
        for (Thread acceptor : acceptors) acceptor.join(1000);
        context.startDraining(); // after the listener closed: see NioTransport#stop
        while (context.stats().openConnections.get() > 0 && System.nanoTime() - deadline < 0) {
            connections.forEach(BlockingConnection::drain); // idle ones close soon; busy ones after their answer
            Thread.sleep(10);
        }
        connections.forEach(c -> c.close(CloseReason.SERVER_STOP));
        if (reaper != null) reaper.interrupt();
        owned.stopAll(deadline);
        context.stopped();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
