package dev.barista.client;

import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.LoopTimer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connections to one upstream and the requests waiting for them, all on one event loop (so no locks): an
 * idle connection is reused most-recently-used first; without one a new connection opens while fewer than
 * {@code maxConnections} exist; otherwise the request waits, in order, under the acquire timeout.
 *
 * <p>Every field is the loop's, except the counters read by {@link #stats()} (single writer, volatile) and
 * {@link #inFlight}, which callers on any thread increment to enforce the pending bound before handing a request
 * to the loop.
 */
final class ConnectionPool {
    private static final int READ_BUFFER_SIZE = 64 * 1024;

    final EventLoop loop;
    final InetSocketAddress address;
    final String authority;
    final ClientConfig config;
    /** Shared by this pool's connections, one read at a time: an idle connection holds no buffer. */
    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_SIZE);

    private final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    private final Set<UpstreamConnection> connections = new HashSet<>();
    private final ArrayDeque<ClientExchange> waiters = new ArrayDeque<>();
    private boolean closed;

    final AtomicInteger inFlight = new AtomicInteger();
    private volatile int openCount;
    private volatile int idleCount;
    private volatile int waitingCount;
    private volatile int liveTimers;
    private final LongAdder opened = new LongAdder();
    final LongAdder rejected = new LongAdder();
    private final LongAdder retries = new LongAdder();

    ConnectionPool(EventLoop loop, InetSocketAddress address, String authority, ClientConfig config) {
        this.loop = loop;
        this.address = address;
        this.authority = authority;
        this.config = config;
    }

    UpstreamStats stats() {
        return new UpstreamStats(openCount, idleCount, waitingCount, inFlight.get(), liveTimers, opened.sum(),
                rejected.sum(), retries.sum());
    }

    /** Hands a request to the loop. Any thread; false if the loop no longer runs. */
    boolean submit(ClientExchange exchange) {
        try {
            loop.execute(() -> admit(exchange));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Gives the request a connection, opens one, or queues it. Loop thread only. */
    void admit(ClientExchange exchange) {
        assert loop.inLoop();
        if (exchange.state == ClientExchange.State.DONE) return; // cancelled on its way here
        if (closed) {
            exchange.fail(new IOException("client closed"));
            return;
        }
        UpstreamConnection connection = idle.pollFirst();
        if (connection != null) {
            idleCount = idle.size();
            connection.begin(exchange);
        } else if (openCount < config.maxConnections()) {
            open(exchange);
        } else if (waiters.size() >= config.maxPending()) {
            // Unreachable while inFlight is bounded at the door; kept so the queue's bound holds on its own.
            rejected.increment();
            exchange.fail(new ClientOverloadedException("too many requests waiting for " + authority));
        } else {
            exchange.state = ClientExchange.State.QUEUED;
            exchange.timer = arm(config.acquireTimeout().toNanos(), () -> acquireTimedOut(exchange));
            waiters.addLast(exchange);
            waitingCount = waiters.size();
        }
    }

    private void open(ClientExchange exchange) {
        UpstreamConnection connection = new UpstreamConnection(this);
        connections.add(connection);
        openCount = connections.size();
        opened.increment();
        connection.connect(exchange);
    }

    private void acquireTimedOut(ClientExchange exchange) {
        exchange.timer = null; // fired
        if (waiters.remove(exchange)) waitingCount = waiters.size();
        exchange.fail(new ClientTimeoutException(ClientTimeoutException.Phase.ACQUIRE,
                "no connection to " + authority + " within " + config.acquireTimeout().toMillis() + " ms"));
    }

    /** A connection finished an exchange and may carry another: the next waiter gets it, else it idles. */
    void release(UpstreamConnection connection) {
        assert loop.inLoop();
        if (closed) {
            connection.close();
            return;
        }
        ClientExchange next = nextWaiter();
        if (next != null) {
            connection.begin(next);
        } else {
            idle.addFirst(connection);
            idleCount = idle.size();
            connection.idle();
        }
    }

    private ClientExchange nextWaiter() {
        ClientExchange next = waiters.pollFirst();
        waitingCount = waiters.size();
        if (next != null) {
            disarm(next.timer);
            next.timer = null;
        }
        return next;
    }

    /** A connection closed: forget it, and let the first waiter open a replacement. */
    void closed(UpstreamConnection connection) {
        assert loop.inLoop();
        connections.remove(connection);
        if (idle.remove(connection)) idleCount = idle.size();
        openCount = connections.size();
        if (!closed && openCount < config.maxConnections()) {
            ClientExchange next = nextWaiter();
            if (next != null) open(next);
        }
    }

    /**
     * A request failed on its connection. An idempotent request that met a reused connection the server had
     * already closed (no response byte arrived) is sent again, once: that race with the server's idle timeout
     * is not the request's fault. Everything else fails.
     */
    void failed(ClientExchange exchange, Throwable failure, boolean staleConnection) {
        if (staleConnection && !exchange.retried && exchange.request.isIdempotent() && !closed
                && exchange.state == ClientExchange.State.ACTIVE) {
            exchange.retried = true;
            exchange.state = ClientExchange.State.NEW;
            disarm(exchange.timer);
            exchange.timer = null;
            exchange.connection = null;
            retries.increment();
            loop.execute(() -> admit(exchange));
            return;
        }
        exchange.fail(failure);
    }

    /** Cancels on the loop. Any thread. */
    void cancelLater(ClientExchange exchange) {
        try {
            loop.execute(() -> cancel(exchange));
        } catch (RejectedExecutionException e) {
            // the loop is gone: close() has already failed every request it held
        }
    }

    private void cancel(ClientExchange exchange) {
        switch (exchange.state) {
            case NEW -> exchange.cancelled();
            case QUEUED -> {
                if (waiters.remove(exchange)) waitingCount = waiters.size();
                exchange.cancelled();
            }
            case ACTIVE -> exchange.connection.abort(exchange);
            case DONE -> { }
        }
    }

    void exchangeFinished() {
        inFlight.decrementAndGet();
    }

    /** Fails every waiting request and closes every connection; later requests fail at once. Loop thread only. */
    void close() {
        assert loop.inLoop();
        closed = true;
        ClientExchange waiter;
        while ((waiter = nextWaiter()) != null) waiter.fail(new IOException("client closed"));
        for (UpstreamConnection connection : connections.toArray(new UpstreamConnection[0])) {
            connection.fail(new IOException("client closed"));
        }
    }

    // ---- timers: counted, so a test can see that none is left behind ----------------------------------

    LoopTimer arm(long delayNanos, Runnable task) {
        liveTimers++;
        return loop.schedule(delayNanos, TimeUnit.NANOSECONDS, () -> {
            liveTimers--;
            task.run();
        });
    }

    void disarm(LoopTimer timer) {
        // A timer that fired is already marked cancelled by the queue, and was counted out when it ran.
        if (timer != null && !timer.isCancelled()) {
            timer.cancel();
            liveTimers--;
        }
    }
}
