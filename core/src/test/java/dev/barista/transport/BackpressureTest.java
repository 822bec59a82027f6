package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading a huge streamed response slows the server's reading of the source to a halt
 * (memory stays bounded), reading resumes when the client does, and the source is released when the client
 * goes away.
 */
class BackpressureTest {
    /** Far more than any buffer on the way, so an unbounded reader would be obvious. */
    private static final long SOURCE_SIZE = 512L * 1024 * 1024;
    /**
     * What may legitimately be read ahead of the client: the kernel's send and receive buffers on loopback
     * (a few MB at most here, with the client's receive window pinned small) plus the server's own bounded
     * queue (a few chunks).
     */
    private static final long READ_AHEAD_BOUND = 12L * 1024 * 1024;

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void slowClientStopsTheStreamReaderAndResumesIt(Model model) throws Exception {
        CountingSource source = new CountingSource(SOURCE_SIZE);
        Server server = fx.start(ServerFixture.builder().model(model)
                .get("/huge", Endpoint.nonBlocking(r -> Response.status(200).body(ResponseBody.stream(source, -1)))));
        RawClient client = fx.raw(64 * 1024);
        client.send(RawClient.get("/huge"));
        assertThat(client.skip(1024 * 1024)).isEqualTo(1024 * 1024);

        // The client stops reading: the reader must stop too, well short of the source's end.
        long stalledAt = awaitStable(source);
        assertThat(stalledAt).isLessThan(1024 * 1024 + READ_AHEAD_BOUND);

        // The client reads again: so does the server.
        long more = 32L * 1024 * 1024;
        assertThat(client.skip(more)).isEqualTo(more);
        assertThat(source.read.get()).isGreaterThanOrEqualTo(stalledAt + more - READ_AHEAD_BOUND);
        long stalledAgain = awaitStable(source);
        assertThat(stalledAgain).isLessThan(1024 * 1024 + more + READ_AHEAD_BOUND);

        // The client goes away: the source is closed, not read to its end.
        client.close();
        Await.until("the source to be closed", () -> source.closed.get());
        assertThat(source.read.get()).isLessThan(SOURCE_SIZE);
        Await.until("the connection to be released", () -> server.stats().openConnections.get() == 0);
    }

    /** Waits until the source has not been read for a while; returns how much was read by then. */
    private static long awaitStable(CountingSource source) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long last = -1;
        int quietPolls = 0;
        while (quietPolls < 6) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the source is still being read: " + source.read.get() + " bytes");
            }
            Thread.sleep(50);
            long now = source.read.get();
            quietPolls = now == last ? quietPolls + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Yields {@code size} bytes, counting what was read and noticing when it is closed. */
    static final class CountingSource extends InputStream {
        final AtomicLong read = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        private final long size;

        CountingSource(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("bulk reads only");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed.get()) throw new IOException("closed");
            long left = size - read.get();
            if (left <= 0) return -1;
            int n = (int) Math.min(len, left);
            read.addAndGet(n);
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
