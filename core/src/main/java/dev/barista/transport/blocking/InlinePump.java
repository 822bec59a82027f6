package dev.barista.transport.blocking;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.TransportLink;

import java.io.IOException;
import java.io.InputStream;

/**
 * A streamed response body read by the connection's own thread, which may block: a chunk is read, handed to
 * the session, and written before the next is read, so a slow client slows the source and nothing piles up.
 */
final class InlinePump implements TransportLink.StreamSource {
    private static final int CHUNK = 16 * 1024;

    /** Writes what the session queued. */
    interface Writer {
        void flush() throws IOException;
    }

    private final ResponseBody.Stream body;
    private final TransportLink.StreamSink sink;
    private volatile boolean cancelled;

    InlinePump(ResponseBody.Stream body, TransportLink.StreamSink sink) {
        this.body = body;
        this.sink = sink;
    }

    /** Pumps the whole stream; a failure of the stream ends the body short (the session then closes). */
    void run(Writer writer) throws IOException {
        long expected = body.length();
        long sent = 0;
        boolean complete = false;
        byte[] chunk = new byte[CHUNK];
        try (InputStream stream = body.stream()) {
            while (!cancelled) {
                int n;
                try {
                    n = stream.read(chunk);
                } catch (IOException e) {
                    break;
                }
                if (n < 0) {
                    complete = expected < 0 || sent == expected;
                    break;
                }
                if (n == 0) continue;
                if (expected >= 0 && sent + n > expected) break; // longer than announced
                sink.chunk(this, chunk, n);
                writer.flush(); // the chunk may be queued by reference: written before the array is reused
                sent += n;
            }
        }
        sink.end(this, complete);
    }

    @Override
    public void cancel() {
        cancelled = true;
        try {
            body.stream().close();
        } catch (IOException ignored) {
            // only releasing
        }
    }
}
