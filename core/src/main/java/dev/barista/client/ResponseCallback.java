package dev.barista.client;

/**
 * Receives the outcome of {@link Upstream#send(ClientRequest, ResponseCallback)}: exactly one call, with either a
 * response or a failure. It runs on the upstream's event loop, so it must not block; it may send more requests.
 * When a request is refused at once ({@link ClientOverloadedException}, a closed client) it runs on the calling
 * thread, before {@code send} returns.
 */
@FunctionalInterface
public interface ResponseCallback {

    /**
     * @param response the response, or null on failure
     * @param failure  null on success; else why: {@link ClientTimeoutException}, {@link ClientOverloadedException},
     *                 {@link MalformedResponseException}, {@link java.util.concurrent.CancellationException}, or an
     *                 {@link java.io.IOException} from the connection (refused, reset, closed early)
     */
    void complete(ClientResponse response, Throwable failure);
}
