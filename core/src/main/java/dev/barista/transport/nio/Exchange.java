package dev.barista.transport.nio;

import dev.barista.handler.RequestBody;
import dev.barista.handler.Route;
import dev.barista.http.Headers;
import dev.barista.http.HttpVersion;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;
import dev.barista.server.BodyBuffer;
import dev.barista.server.BodyPipe;

import java.nio.ByteBuffer;

/**
 * One request and, once it is ready, its response, queued on its connection in arrival order so that
 * pipelined responses leave in request order. Loop thread only (a worker hands its response back through
 * the loop's task queue).
 */
final class Exchange {
    /** Null for the error answer to a message that could not be parsed. */
    final RequestHead head;
    private final BodyBuffer body;
    Headers trailers = Headers.EMPTY;
    Response response;
    /** For a streamed body: where the loop puts the body for the handler to read; null otherwise. */
    BodyPipe pipe;
    /** The answer to send instead of the handler's (its streamed body turned out malformed); or null. */
    Response overridden;
    /** Taken off the connection's queue unanswered (the connection closed first). */
    boolean dropped;
    /** The route serving it, or null (none matched, or not resolved yet). */
    Route route;
    /**
     * When its head arrived, for its latency: the loop's clock of the turn that read it (System.nanoTime()
     * taken once when the poll woke), so a batch of pipelined requests costs no clock read each.
     */
    final long startNanos;

    Exchange(RequestHead head, long startNanos) {
        this.head = head;
        this.startNanos = startNanos;
        this.body = head != null && head.hasBody() ? new BodyBuffer(head.contentLength()) : null;
    }

    static Exchange failed(Response error, long startNanos) {
        Exchange exchange = new Exchange(null, startNanos);
        exchange.response = error.withCloseConnection();
        return exchange;
    }

    HttpVersion version() {
        return head == null ? HttpVersion.HTTP_1_1 : head.version();
    }

    boolean isHead() {
        return head != null && head.isHead();
    }

    /** Whether the connection must close after this exchange's response. */
    boolean closesConnection() {
        return head == null || !head.keepAlive() || response.closeConnection();
    }

    void appendBody(ByteBuffer slice) {
        body.append(slice);
    }

    RequestBody body() {
        return body == null ? RequestBody.EMPTY : body.toBody();
    }
}
