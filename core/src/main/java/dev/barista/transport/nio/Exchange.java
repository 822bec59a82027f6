package dev.barista.transport.nio;

import dev.barista.handler.RequestBody;
import dev.barista.http.Headers;
import dev.barista.http.HttpLimits;
import dev.barista.http.HttpVersion;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One request and, once it is ready, its response, queued on its connection in arrival order so that
 * pipelined responses leave in request order. Loop thread only (a worker hands its response back through
 * the loop's task queue).
 */
final class Exchange {
    /** Null for the error answer to a message that could not be parsed. */
    final RequestHead head;
    private byte[] body;
    private int bodyLength;
    Headers trailers = Headers.EMPTY;
    Response response;

    Exchange(RequestHead head) {
        this.head = head;
        // Grow toward Content-Length as bytes arrive: a client announcing 10 MB and sending nothing must not
        // make us hold 10 MB.
        if (head != null && head.contentLength() > 0) body = new byte[(int) Math.min(head.contentLength(), 16 * 1024)];
    }

    static Exchange failed(Response error) {
        Exchange exchange = new Exchange(null);
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

    void appendBody(ByteBuffer slice, HttpLimits limits) {
        int n = slice.remaining();
        if (body == null) {
            body = new byte[Math.max(n, 1024)];
        } else if (body.length - bodyLength < n) {
            // Grow geometrically; the parser has already enforced maxBodySize and Content-Length.
            long cap = head != null && head.contentLength() > 0 ? head.contentLength() : limits.maxBodySize();
            long wanted = Math.min(cap, Math.max((long) bodyLength + n, 2L * body.length));
            body = Arrays.copyOf(body, (int) Math.min(Integer.MAX_VALUE - 8, wanted));
        }
        slice.get(body, bodyLength, n);
        bodyLength += n;
    }

    RequestBody body() {
        if (body == null || bodyLength == 0) return RequestBody.EMPTY;
        return new RequestBody(bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength));
    }
}
