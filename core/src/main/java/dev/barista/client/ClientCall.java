package dev.barista.client;

/** A request in progress, as returned by {@link Upstream#send(ClientRequest, ResponseCallback)}. Any thread. */
public interface ClientCall {

    /**
     * Gives up on the request: the callback receives a {@link java.util.concurrent.CancellationException} unless
     * it was already called. A request waiting for a connection just leaves the queue; one whose bytes are on the
     * wire closes its connection, which never returns to the pool with a half-read response. Idempotent.
     */
    void cancel();
}
