package dev.barista.protocol.http2;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.BodyStreamReader;
import dev.barista.protocol.TransportLink;
import dev.barista.runtime.VirtualThreadCounter;

/**
 * One stream's response body read on a virtual thread and handed to the session chunk by chunk; the session
 * returns a credit as each leaves in DATA frames, so a client that keeps its window shut slows this reader,
 * stream by stream. (HTTP/1's pump is one per connection; here every stream has its own.)
 */
final class Http2BodyPump extends BodyStreamReader {
    private final Http2Session session;
    private final Http2Stream stream;
    private final TransportLink link;

    Http2BodyPump(Http2Session session, Http2Stream stream, TransportLink link, ResponseBody.Stream body) {
        super(body);
        this.session = session;
        this.stream = stream;
        this.link = link;
    }

    void start(VirtualThreadCounter threads) {
        threads.start("barista-h2-body", this);
    }

    @Override
    protected void deliver(byte[] chunk, int length) {
        link.execute(() -> session.pumped(stream, this, chunk, length));
    }

    @Override
    protected void finish(boolean complete) {
        link.execute(() -> session.pumpEnded(stream, this, complete));
    }

    /** A chunk left in DATA frames: the reader may read one more. Session thread. */
    void sent() {
        returnCredits(1);
    }
}
