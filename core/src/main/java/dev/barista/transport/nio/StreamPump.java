package dev.barista.transport.nio;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.TransportLink;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Moves a streamed response body from an {@link InputStream}, which may block, to its connection's session:
 * a virtual thread reads chunks and hands each to the event loop. At most {@link #MAX_QUEUED} chunks wait
 * unsent, so a slow client slows the reader instead of filling memory (backpressure across threads).
 */
final class StreamPump implements Runnable, TransportLink.StreamSource {
    static final int CHUNK_SIZE = 16 * 1024;
    static final int MAX_QUEUED = 4;

    private final NioConnection connection;
    private final ResponseBody.Stream body;
    private final TransportLink.StreamSink sink;
    private final VirtualThreadCounter threads;
    private final Semaphore credits = new Semaphore(MAX_QUEUED);
    private volatile boolean cancelled;
    /** Chunks handed to the loop whose credit is not yet returned (loop thread only). */
    private int delivered;

    StreamPump(NioConnection connection, ResponseBody.Stream body, TransportLink.StreamSink sink,
               VirtualThreadCounter threads) {
        this.connection = connection;
        this.body = body;
        this.sink = sink;
        this.threads = threads;
    }

    void start() {
        threads.start("barista-stream-pump", this);
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
                if (expected >= 0 && sent + n > expected) break; // longer than announced: fail below
                credits.acquire();
                if (cancelled) break;
                int length = n;
                connection.execute(() -> {
                    delivered++;
                    sink.chunk(this, chunk, length);
                });
                sent += n;
            }
            complete = !cancelled && (expected < 0 || sent == expected);
        } catch (IOException | InterruptedException | RejectedExecutionException e) {
            complete = false;
        }
        boolean ok = complete;
        try {
            connection.execute(() -> {
                connection.pumpDone(this);
                sink.end(this, ok);
            });
        } catch (RejectedExecutionException ignored) {
            // the loop stopped; the connection is gone
        }
    }

    /** Loop thread: after each flush, return credits once the output backlog is small. */
    void outputDrained(long pendingBytes) {
        if (delivered > 0 && pendingBytes < CHUNK_SIZE) {
            credits.release(delivered);
            delivered = 0;
        }
    }

    /** The connection closed: unblock and stop the reader. */
    @Override
    public void cancel() {
        cancelled = true;
        credits.release(MAX_QUEUED);
        try {
            body.stream().close();
        } catch (IOException ignored) {
            // only releasing
        }
    }
}
