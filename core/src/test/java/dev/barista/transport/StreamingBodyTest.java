package dev.barista.transport;

import dev.barista.handler.Endpoint;
import dev.barista.http.HttpLimits;
import dev.barista.http.Response;
import dev.barista.model.EventLoopModel;
import dev.barista.model.ReactorModel;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies read while they arrive ({@code Endpoint.Streaming}), with backpressure toward the client. */
class StreamingBodyTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Counts the body's bytes as they are read. */
    private static Response count(InputStream in) throws Exception {
        long n = 0;
        byte[] buffer = new byte[8192];
        for (int r; (r = in.read(buffer)) >= 0; ) n += r;
        return Response.text(Long.toString(n));
    }

    @Test
    void theHandlerStartsBeforeTheBodyHasArrived() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        fx.start(ServerFixture.builder().model(new ReactorModel()).post("/upload", Endpoint.streaming(request -> {
            started.countDown();
            return count(request.body().asStream());
        })));
        RawClient client = fx.raw();
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello");
        // Half the body is still missing, and the handler already runs.
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        client.send("world");
        assertThat(client.read().bodyText()).isEqualTo("10");
    }

    @Test
    void aHandlerThatDoesNotReadStopsTheServerReadingTheClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        long size = 64L * 1024 * 1024;
        fx.start(ServerFixture.builder().model(new ReactorModel()).limits(HttpLimits.DEFAULTS.withMaxBodySize(size))
                .waterMarks(64 * 1024, 16 * 1024)
                .post("/upload", Endpoint.streaming(request -> {
                    release.await();
                    return count(request.body().asStream());
                })));
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", fx.port()))) {
            channel.write(ByteBuffer.wrap(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + size
                    + "\r\n\r\n").getBytes()));
            channel.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long sent = 0;
            long stalledSince = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // Write until the connection stops taking bytes for a while: the server has stopped reading.
            while (sent < size && System.nanoTime() < deadline) {
                chunk.clear();
                int n = channel.write(chunk);
                sent += n;
                if (n > 0) {
                    stalledSince = 0;
                } else if (stalledSince == 0) {
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > TimeUnit.MILLISECONDS.toNanos(300)) {
                    break;
                } else {
                    Thread.sleep(5);
                }
            }
            // Far less than the body: only the water mark plus what the kernels buffer on both sides.
            assertThat(sent).isLessThan(size / 2);

            release.countDown();
            channel.configureBlocking(true);
            while (sent < size) {
                chunk.clear();
                if (size - sent < chunk.capacity()) chunk.limit((int) (size - sent));
                sent += channel.write(chunk);
            }
            ByteBuffer answer = ByteBuffer.allocate(4096);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!new String(answer.array(), 0, answer.position()).contains(Long.toString(size))
                    && System.nanoTime() < until) {
                if (channel.read(answer) < 0) break;
            }
            assertThat(new String(answer.array(), 0, answer.position())).startsWith("HTTP/1.1 200").endsWith(Long.toString(size));
        }
    }

    @Test
    void anEarlyAnswerLeavesTheConnectionUsableOnceTheBodyIsDiscarded() throws Exception {
        fx.start(ServerFixture.builder().model(new ReactorModel())
                .post("/upload", Endpoint.streaming(request -> Response.status(403).body("no uploads today\n")))
                .get("/n", Endpoint.nonBlocking(request -> Response.text("next"))));
        RawClient client = fx.raw();
        String body = "x".repeat(200_000);
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + RawClient.get("/n"));
        RawResponse first = client.read();
        assertThat(first.status()).isEqualTo(403);
        assertThat(client.read().bodyText()).isEqualTo("next");
    }

    @Test
    void aStreamedBodyOverTheLimitIsAnswered413AndItsHandlerSeesAnError() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        fx.start(ServerFixture.builder().model(new ReactorModel()).limits(HttpLimits.DEFAULTS.withMaxBodySize(1000))
                .post("/upload", Endpoint.streaming(request -> {
                    try {
                        return count(request.body().asStream());
                    } catch (java.io.IOException e) {
                        failed.countDown();
                        throw e;
                    }
                })));
        RawClient client = fx.raw();
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n" + "a".repeat(600) + "\r\n" + "258\r\n" + "b".repeat(600) + "\r\n0\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("connection")).isEqualToIgnoringCase("close");
        assertThat(failed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void withoutAThreadToSpareTheBodyIsReceivedWholeFirst() throws Exception {
        fx.start(ServerFixture.builder().model(new EventLoopModel())
                .post("/upload", Endpoint.streaming(request -> count(request.body().asStream()))));
        RawClient client = fx.raw();
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world");
        assertThat(client.read().bodyText()).isEqualTo("11");
    }
}
