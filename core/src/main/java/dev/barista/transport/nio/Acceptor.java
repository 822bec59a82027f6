package dev.barista.transport.nio;

import dev.barista.runtime.Overload;
import dev.barista.runtime.ServerContext;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import dev.barista.protocol.SessionFactory;
import dev.barista.transport.Listener;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Accepts connections on one loop and hands each to the least-loaded loop of the group.
 *
 * <p>At {@code maxConnections} a new connection is still accepted, answered {@code 503} with
 * {@code Retry-After} and closed: refused cleanly instead of left starving in the backlog. When the process
 * runs out of descriptors, accepting pauses briefly rather than spinning on the error.
 */
final class Acceptor implements IoHandler {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    private static final int MAX_ACCEPTS_PER_EVENT = 256;
    private static final long PAUSE_ON_ERROR_MILLIS = 100;
    private final ServerSocketChannel server;
    private final SessionFactory sessions;
    private final EventLoop loop;
    private final EventLoopGroup group;
    private final ServerContext context;
    private final Map<EventLoop, Set<NioConnection>> registries;
    private Registration registration;
    private long lastErrorLogNanos;

    Acceptor(Listener listener, EventLoop loop, EventLoopGroup group, ServerContext context,
             Map<EventLoop, Set<NioConnection>> registries) {
        this.server = listener.channel();
        this.sessions = listener.sessions();
        this.loop = loop;
        this.group = group;
        this.context = context;
        this.registries = registries;
    }

    void register() throws IOException {
        assert loop.inLoop();
        registration = loop.register(server, Poller.ACCEPT, this);
    }

    /** Stops accepting and closes the listening socket. Loop thread only. */
    void close() {
        assert loop.inLoop();
        if (registration != null) registration.cancel();
        closeFromOutside();
    }

    /** Closes the listening socket from another thread: for a loop that died, whose selector is gone. */
    void closeFromOutside() {
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to release beyond the descriptor
        }
    }

    @Override
    public void ready(int readyOps) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                pauseAfter(e);
                return;
            }
            if (channel == null) return;
            if (!context.tryOpenConnection()) {
                refuse(channel);
                continue;
            }
            context.stats().acceptedConnections.increment();
            EventLoop target = group.leastLoaded();
            if (target == null) { // every loop died: nobody can serve it
                context.stats().openConnections.decrementAndGet(); // refuse() counts the close
                context.stats().acceptedConnections.decrement();
                refuse(channel);
                continue;
            }
            target.connections.incrementAndGet();
            if (target == loop) {
                open(target, channel);
                continue;
            }
            try {
                target.execute(() -> open(target, channel));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // The target loop stopped (a stop is under way): this connection will not be served.
                target.connections.decrementAndGet();
                context.connectionClosed(dev.barista.server.CloseReason.SERVER_STOP);
                closeQuietly(channel);
            }
        }
    }

    private void open(EventLoop target, SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            new NioConnection(target, channel, context, sessions, registries.get(target)).open();
        } catch (IOException e) {
            target.connections.decrementAndGet();
            context.connectionClosed(dev.barista.server.CloseReason.IO_ERROR);
            closeQuietly(channel);
        }
    }

    private void refuse(SocketChannel channel) {
        context.stats().refused();
        try {
            channel.configureBlocking(false);
            channel.write(ByteBuffer.wrap(Overload.tooManyConnections())); // a fresh socket's send buffer takes this at once
        } catch (IOException ignored) {
            // the client is gone already
        }
        closeQuietly(channel);
    }

    private void pauseAfter(IOException e) {
        long now = System.nanoTime();
        if (now - lastErrorLogNanos > TimeUnit.SECONDS.toNanos(10)) {
            lastErrorLogNanos = now;
            LOG.log(System.Logger.Level.WARNING, "accept failed (" + e.getMessage() + "); pausing "
                    + PAUSE_ON_ERROR_MILLIS + " ms. If it says 'Too many open files', raise the open-files limit"
                    + " or lower maxConnections.");
        }
        registration.interest(0);
        loop.schedule(PAUSE_ON_ERROR_MILLIS, TimeUnit.MILLISECONDS, () -> {
            if (server.isOpen()) registration.interest(Poller.ACCEPT);
        });
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
