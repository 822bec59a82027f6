package dev.barista.protocol.http1;

import dev.barista.dispatch.Exchange;
import dev.barista.handler.ConnectionInfo;
import dev.barista.http.Headers;
import dev.barista.http.HttpVersion;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;
import dev.barista.protocol.BodyBuffer;
import dev.barista.protocol.BodyPipe;

/**
 * One request of an HTTP/1 connection and, once it is ready, its response, queued on its session in arrival
 * order so that pipelined responses leave in request order. Session thread only, except {@link #respond}
 * (a worker or a completing stage hands its response back through the session's thread) and
 * {@link #trailers}, which a streaming handler may read from its own thread.
 */
final class Http1Exchange extends Exchange {
    private final Http1Session session;
    /** The body being collected for a route that takes it whole; null when discarded or streamed. */
    BodyBuffer body;
    /** For a streamed body: where the session puts the body for the handler to read; null otherwise. */
    BodyPipe pipe;
    volatile Headers trailers = Headers.EMPTY;
    Response response;
    /** The answer to send instead of the handler's (its streamed body turned out malformed); or null. */
    Response overridden;
    /** Taken off the session's queue unanswered (the connection closed first). */
    boolean dropped;
    /** Memory budget held for its body (released once it is answered or dropped). */
    long reserved;

    Http1Exchange(Http1Session session, RequestHead head, long startNanos) {
        super(head, startNanos);
        this.session = session;
    }

    /**
     * A message the session answers itself, never dispatched (it could not be parsed: no head; or the server
     * refused it): the connection closes after the answer.
     */
    static Http1Exchange answered(Http1Session session, RequestHead head, Response answer, long startNanos) {
        Http1Exchange exchange = new Http1Exchange(session, head, startNanos);
        exchange.response = answer.withCloseConnection();
        return exchange;
    }

    /** Serves the next request of the connection, once this one is answered and written (see {@link #reuse}). */
    Http1Exchange next(RequestHead head, long startNanos) {
        reuse(head, startNanos);
        body = null;
        trailers = Headers.EMPTY;
        response = null;
        overridden = null;
        reserved = 0;
        return this;
    }

    /** Lets go of the answer and its body (the bytes are in the output buffer by now), keeping the object. */
    Http1Exchange forget() {
        body = null;
        response = null;
        overridden = null;
        return this;
    }

    /** Whether nothing can reach this exchange any more once its answer is written, so it can be reused. */
    boolean reusable() {
        return !dropped && pipe == null && head() != null;
    }

    HttpVersion version() {
        return head() == null ? HttpVersion.HTTP_1_1 : head().version();
    }

    boolean isHead() {
        return head() != null && head().isHead();
    }

    /** Whether the connection must close after this exchange's response. */
    boolean closesConnection() {
        return head() == null || !head().keepAlive() || response.closeConnection();
    }

    @Override
    public ConnectionInfo connection() {
        return session.connection();
    }

    @Override
    public boolean acceptsLateResponses() {
        return session.acceptsLateResponses();
    }

    @Override
    public void respond(Response response) {
        session.respondLater(this, response);
    }
}
