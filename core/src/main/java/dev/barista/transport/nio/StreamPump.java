package dev.barista.transport.nio;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.BodyStreamReader;
import dev.barista.protocol.TransportLink;
import dev.barista.runtime.VirtualThreadCounter;

/**
 * Moves a streamed response body to its connection's session: a virtual thread reads chunks and hands each to the
 * event loop, whose connection returns the credits once its output backlog is small.
 */
final class StreamPump extends BodyStreamReader implements TransportLink.StreamSource {
    private final NioConnection connection;
    private final TransportLink.StreamSink sink;
    private final VirtualThreadCounter threads;
    /** Chunks handed to the loop whose credit is not yet returned (loop thread only). */
    private int delivered;

    StreamPump(NioConnection connection, ResponseBody.Stream body, TransportLink.StreamSink sink,
               VirtualThreadCounter threads) {
        super(body);
        this.connection = connection;
        this.sink = sink;
        this.threads = threads;
    }

    void start() {
        threads.start("barista-stream-pump", this);
    }

    @Override
    protected void deliver(byte[] chunk, int length) {
        connection.execute(() -> {
            delivered++;
            sink.chunk(this, chunk, length);
        });
    }

    @Override
    protected void finish(boolean complete) {
        connection.execute(() -> {
            connection.pumpDone(this);
            sink.end(this, complete);
        });
    }

    /** Loop thread: after each flush, return credits once the output backlog is small. */
    void outputDrained(long pendingBytes) {
        if (delivered > 0 && pendingBytes < CHUNK_SIZE) {
            returnCredits(delivered);
            delivered = 0;
        }
    }
}
