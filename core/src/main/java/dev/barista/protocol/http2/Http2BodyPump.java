package dev.barista.protocol.http2;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.TransportLink;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Reads one stream's response body from its {@link InputStream} (which may block) on a virtual thread and
 * hands it to the session chunk by chunk. At most {@link #MAX_QUEUED} chunks wait unsent: the session returns a
 * credit as each leaves in DATA frames, so a client that keeps its window shut slows this reader, stream by
 * stream, instead of filling memory. (HTTP/1's pump is one per connection; here every stream has its own.)
 */
final class Http2BodyPump implements Runnable {
    static final int CHUNK_SIZE = 16 * 1024;
    private static final int MAX_QUEUED = 4;

    private final Http2Session session;
    private final Http2Stream stream;
    private final TransportLink link;
    private final ResponseBody.Stream body;
    private final Semaphore credits = new Semaphore(MAX_QUEUED);
    private volatile boolean cancelled;

    Http2BodyPump(Http2Session session, Http2Stream stream, TransportLink link, ResponseBody.Stream body) {
        this.session = session;
        this.stream = stream;
        this.link = link;
        this.body = body;
    }

    void start(VirtualThreadCounter threads) {
        threads.start("barista-h2-body", this);
    }

    @Override
    public void run() {
        boolean complete = false;
        long expected = body.length();
        long sent = 0;
        try (InputStream in = body.stream()) {
            while (!cancelled) {
                byte[] chunk = new byte[CHUNK_SIZE];
                int n = in.read(chunk);
                if (n < 0) break;
                if (n == 0) continue;
                if (expected >= 0 && sent + n > expected) break; // longer than announced: fails below
                credits.acquire();
                if (cancelled) break;
                int length = n;
                link.execute(() -> session.pumped(stream, this, chunk, length));
                sent += n;
            }
            complete = !cancelled && (expected < 0 || sent == expected);
        } catch (IOException | InterruptedException | RejectedExecutionException e) {
            complete = false;
        }
        boolean ok = complete;
        try {
            link.execute(() -> session.pumpEnded(stream, this, ok));
        } catch (RejectedExecutionException ignored) {
            // the transport stopped; the connection is gone
        }
    }

    /** A chunk left in DATA frames: the reader may read one more. Session thread. */
    void sent() {
        credits.release();
    }

    /** The stream or the connection ended: unblock and stop the reader. Any thread. */
    void cancel() {
        cancelled = true;
        credits.release(MAX_QUEUED);
        try {
            body.stream().close();
        } catch (IOException ignored) {
            // only releasing
        }
    }
}
