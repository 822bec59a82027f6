package dev.barista.client;

import dev.barista.transport.nio.LoopTimer;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's life in the client, from {@code send} to its one callback. Every field but
 * {@link #cancelRequested} belongs to the pool's event loop; other threads reach it through
 * {@link ConnectionPool#cancelLater}.
 */
final class ClientExchange implements ClientCall {
    private static final System.Logger LOG = System.getLogger(ClientExchange.class.getName());

    /** Where the request is. A request reaches DONE exactly once, and the callback runs then. */
    enum State {
        /** Accepted, on its way to the loop (or back to it, for a retry). */
        NEW,
        /** Waiting in the pool for a connection, under the acquire timeout. */
        QUEUED,
        /** Given to a connection: connecting, sending or receiving, under the connect or request timeout. */
        ACTIVE,
        DONE
    }

    final ClientRequest request;
    private final ResponseCallback callback;
    private final ConnectionPool pool;
    private final AtomicBoolean cancelRequested = new AtomicBoolean();

    State state = State.NEW;
    /** The acquire timer while QUEUED, the request timer while ACTIVE (connect timers are the connection's). */
    LoopTimer timer;
    UpstreamConnection connection;
    /** Sent again once already: never a second time. */
    boolean retried;

    ClientExchange(ClientRequest request, ResponseCallback callback, ConnectionPool pool) {
        this.request = request;
        this.callback = callback;
        this.pool = pool;
    }

    @Override
    public void cancel() {
        if (cancelRequested.compareAndSet(false, true)) pool.cancelLater(this);
    }

    /** Completes with a response. Loop thread only. */
    void complete(ClientResponse response) {
        finish(response, null);
    }

    /** Completes with a failure. Loop thread only. */
    void fail(Throwable failure) {
        finish(null, failure);
    }

    void cancelled() {
        fail(new CancellationException("request cancelled"));
    }

    private void finish(ClientResponse response, Throwable failure) {
        assert pool.loop.inLoop();
        if (state == State.DONE) return;
        state = State.DONE;
        pool.disarm(timer);
        timer = null;
        connection = null;
        pool.exchangeFinished();
        notifyCallback(callback, response, failure);
    }

    /** Calls back, keeping a throwing callback from breaking the loop's bookkeeping. Any thread. */
    static void notifyCallback(ResponseCallback callback, ClientResponse response, Throwable failure) {
        try {
            callback.complete(response, failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "response callback failed", e);
        }
    }

    /** Completes a request refused before it reached the loop. Calling thread. */
    void refuse(Throwable failure) {
        state = State.DONE;
        notifyCallback(callback, null, failure);
    }

    @Override
    public String toString() {
        return request + " " + state;
    }
}
