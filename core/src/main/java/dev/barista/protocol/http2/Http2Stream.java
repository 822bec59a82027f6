package dev.barista.protocol.http2;

import dev.barista.dispatch.Exchange;
import dev.barista.handler.ConnectionInfo;
import dev.barista.http.Headers;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.protocol.BodyBuffer;
import dev.barista.protocol.BodyPipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One HTTP/2 stream: a request on its way to the dispatcher and, once answered, its response on its way out
 * in DATA frames as the flow-control windows allow. Session thread only, except {@link #respond} (a worker or
 * a completing stage hands its response back through the session's thread) and {@link #trailers}.
 */
final class Http2Stream extends Exchange {
    final int id;
    private final Http2Session session;

    // ---- the request (client to us) ----
    /** The client sent END_STREAM: the request is complete. */
    boolean remoteClosed;
    /** The body length the request announced, or -1. */
    long declaredLength = -1;
    long receivedBytes;
    /** Body bytes received whose stream window we have not given back yet. */
    int unacknowledged;
    BodyBuffer body;
    BodyPipe pipe;
    /** The pipe's reader lags: no stream WINDOW_UPDATE until it catches up (backpressure to the client). */
    boolean pipeFull;
    volatile Headers trailers = Headers.EMPTY;
    /** Memory budget held for its body. */
    long reserved;
    /** The body is refused (too large, or answered early): what still comes is counted and dropped. */
    boolean discardBody;

    // ---- the response (us to the client) ----
    long sendWindow;
    boolean headersSent;
    /** END_STREAM (or RST_STREAM) sent: nothing more goes out on it. */
    boolean localClosed;
    /** Body bytes waiting for window, in order (read mode). */
    final ArrayDeque<ByteBuffer> data = new ArrayDeque<>(2);
    long queuedBytes;
    /** A file body still to be read into DATA frames, and how far it is read. */
    ResponseBody.FileRegion file;
    long fileSent;
    /** Every byte of the body is queued (or it has none): END_STREAM goes with the last. */
    boolean bodyComplete;
    /** The response whose trailers end the stream after its body (in a last HEADERS frame); null when none. */
    Response trailed;
    Http2BodyPump pump;
    /** In the session's round of streams with something to send. */
    boolean scheduled;
    /** Since when its data has waited for window (link clock), or 0. */
    long blockedSince;
    /** Answered by the session itself (a 413, a 431): the stream is reset once the answer is out. */
    boolean resetAfterAnswer;

    Http2Stream(Http2Session session, int id, RequestHead head, long startNanos, int sendWindow) {
        super(head, startNanos);
        this.session = session;
        this.id = id;
        this.sendWindow = sendWindow;
    }

    /** Whether a byte of body (or the END_STREAM that ends it) still waits to go out. */
    boolean hasDataToSend() {
        return !localClosed && headersSent && (queuedBytes > 0 || file != null || bodyComplete);
    }

    /** Frees what the response holds that is not memory (a file, a pump). */
    void releaseResponse() {
        if (file != null) {
            try {
                file.channel().close();
            } catch (IOException ignored) {
                // read only
            }
            file = null;
        }
        if (pump != null) {
            pump.cancel();
            pump = null;
        }
        data.clear();
        queuedBytes = 0;
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
