package dev.barista.client;

import dev.barista.transport.nio.EventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One upstream server (host and port) and its connection pool, pinned to one event loop. Three faces, all
 * usable from any thread:
 * <ul>
 *   <li>callback: {@link #send(ClientRequest, ResponseCallback)} — the callback runs on the upstream's loop;</li>
 *   <li>future: {@link #sendAsync(ClientRequest)} — completed on the loop (stages added without an executor run
 *       there too, so they must not block); {@code cancel(true)} aborts the request;</li>
 *   <li>blocking: {@link #send(ClientRequest)} — for worker and virtual threads. A virtual thread waiting in it
 *       parks and frees its carrier. Never call it on an event loop: it throws IllegalStateException there.</li>
 * </ul>
 * At most {@code maxConnections + maxPending} requests are in flight; the next one fails at once with
 * {@link ClientOverloadedException}. One request per connection at a time: no pipelining.
 */
public final class Upstream {
    private final BaristaClient client;
    private final ConnectionPool pool;
    private final int maxInFlight;
    private volatile boolean closed;

    Upstream(BaristaClient client, EventLoop loop, InetSocketAddress address, ClientConfig config) {
        this.client = client;
        String authority = address.getHostString() + (address.getPort() == 80 ? "" : ":" + address.getPort());
        this.pool = new ConnectionPool(loop, address, authority, config);
        this.maxInFlight = config.maxConnections() + config.maxPending();
    }

    /** {@code host:port} as sent in the Host header (the port is left out when it is 80). */
    public String authority() {
        return pool.authority;
    }

    /** The loop that owns this upstream's connections, and runs its callbacks. */
    public EventLoop loop() {
        return pool.loop;
    }

    /** A snapshot of the counters. Any thread. */
    public UpstreamStats stats() {
        return pool.stats();
    }

    /** Sends the request; the callback is called exactly once. Returns a handle to cancel it. */
    public ClientCall send(ClientRequest request, ResponseCallback callback) {
        ClientExchange exchange = new ClientExchange(request, callback, pool);
        if (closed) {
            exchange.refuse(new IOException("client closed"));
            return exchange;
        }
        if (pool.inFlight.incrementAndGet() > maxInFlight) {
            pool.inFlight.decrementAndGet();
            pool.rejected.increment();
            exchange.refuse(new ClientOverloadedException(
                    "more than " + maxInFlight + " requests in flight to " + pool.authority));
            return exchange;
        }
        if (!pool.submit(exchange)) {
            pool.inFlight.decrementAndGet();
            exchange.refuse(new IOException("client closed"));
        }
        return exchange;
    }

    /** Sends the request; cancelling the future aborts it. */
    public CompletableFuture<ClientResponse> sendAsync(ClientRequest request) {
        CompletableFuture<ClientResponse> future = new CompletableFuture<>();
        ClientCall call = send(request, (response, failure) -> {
            if (failure != null) future.completeExceptionally(failure);
            else future.complete(response);
        });
        future.whenComplete((response, failure) -> {
            if (future.isCancelled()) call.cancel();
        });
        return future;
    }

    /**
     * Sends the request and waits for the response. For worker and virtual threads only: a virtual thread parks
     * here without holding its carrier. Interrupting the waiting thread cancels the request.
     *
     * @throws IllegalStateException on an event loop of this client, which must never block
     * @throws IOException           the request's failure ({@link ClientTimeoutException},
     *                               {@link ClientOverloadedException}, {@link MalformedResponseException}, ...)
     */
    public ClientResponse send(ClientRequest request) throws IOException, InterruptedException {
        client.checkNotOnLoop();
        CompletableFuture<ClientResponse> future = sendAsync(request);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            throw new IOException(cause);
        }
    }

    /** Fails waiting requests, closes every connection, and waits (briefly) until the loop has done it. */
    void close() {
        closed = true;
        CountDownLatch done = new CountDownLatch(1);
        try {
            pool.loop.execute(() -> {
                pool.close();
                done.countDown();
            });
        } catch (RejectedExecutionException e) {
            return; // the loop is already gone, and its connections with it
        }
        if (pool.loop.inLoop()) return;
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Upstream[" + pool.authority + "]";
    }
}
