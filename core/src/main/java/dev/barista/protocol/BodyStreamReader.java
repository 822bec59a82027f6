package dev.barista.protocol;

import dev.barista.http.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Reads a streamed response body from its {@link InputStream}, which may block, on a thread of its own (a virtual
 * thread) and hands it on chunk by chunk to the thread that writes it. At most {@link #MAX_QUEUED} chunks wait
 * unsent: the writer returns a credit as each leaves, so a slow client slows the reader instead of filling memory
 * (backpressure across threads). What "hand on" means is the subclass's: the event loop's connection (HTTP/1), or
 * one HTTP/2 stream of a session.
 */
public abstract class BodyStreamReader implements Runnable {
    public static final int CHUNK_SIZE = 16 * 1024;
    public static final int MAX_QUEUED = 4;

    private final ResponseBody.Stream body;
    private final Semaphore credits = new Semaphore(MAX_QUEUED);
    private volatile boolean cancelled;

    protected BodyStreamReader(ResponseBody.Stream body) {
        this.body = body;
    }

    /**
     * Passes {@code length} bytes of {@code chunk} to the writing thread (through its executor). Reader thread.
     *
     * @throws RejectedExecutionException when the writer is gone: the reading stops
     */
    protected abstract void deliver(byte[] chunk, int length);

    /** The body ended: complete when it yielded exactly what it announced. Reader thread; the writer may be gone. */
    protected abstract void finish(boolean complete);

    @Override
    public final void run() {
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
                deliver(chunk, n);
                sent += n;
            }
            complete = !cancelled && (expected < 0 || sent == expected);
        } catch (IOException | InterruptedException | RejectedExecutionException e) {
            complete = false;
        }
        try {
            finish(complete);
        } catch (RejectedExecutionException ignored) {
            // the writer stopped; the connection is gone
        }
    }

    /** {@code chunks} delivered chunks have left: the reader may read as many more. Writer thread. */
    protected final void returnCredits(int chunks) {
        credits.release(chunks);
    }

    /** The connection or the stream ended: unblock and stop the reader. Any thread. */
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
