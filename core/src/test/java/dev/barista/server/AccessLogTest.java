package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log gets a line per answered request, in text or JSON, and never holds a request up: with
 * its writer stuck, lines are dropped and counted while requests are answered as usual.
 */
class AccessLogTest {
    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch unblock = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        unblock.countDown();
        fx.close();
    }

    private Server start(String model, AccessLog log) throws Exception {
        return fx.start(ServerFixture.builder().model(Model.named(model)).accessLog(log)
                .get("/users/{id}", Endpoint.nonBlocking(r -> Response.text("user"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void textLinesAreTheCommonLogFormatWithLatencyAndRoute(String model) throws Exception {
        SyncBuffer out = new SyncBuffer();
        AccessLog log = new AccessLog(out, false, AccessLog.Format.TEXT, 100);
        start(model, log);
        try (RawClient c = fx.raw()) {
            c.send(RawClient.get("/users/7?q=1")).read();
            c.send(RawClient.get("/nope")).read();
        }
        Await.until("two lines written", Duration.ofSeconds(5), () -> log.written() == 2);
        List<String> lines = out.lines();
        assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000] "
                + "\"GET /users/7\\?q=1 HTTP/1\\.1\" 200 4 \\d+\\.\\d{6} \"/users/\\{id}\"");
        assertThat(lines.get(1)).contains("\"GET /nope HTTP/1.1\" 404 ").endsWith("\"<unmatched>\"");
        assertThat(fx.server().snapshot().traffic().accessLogLines()).isEqualTo(2);
    }

    @Test
    void jsonLinesAreOneObjectEach() throws Exception {
        SyncBuffer out = new SyncBuffer();
        AccessLog log = new AccessLog(out, false, AccessLog.Format.JSON, 100);
        start("reactor", log);
        try (RawClient c = fx.raw()) {
            c.send(RawClient.get("/users/1")).read();
        }
        Await.until("a line written", Duration.ofSeconds(5), () -> log.written() == 1);
        assertThat(out.lines().getFirst()).matches("\\{\"time\":\"[^\"]+Z\",\"remote\":\"127\\.0\\.0\\.1\","
                + "\"method\":\"GET\",\"target\":\"/users/1\",\"version\":\"HTTP/1\\.1\",\"status\":200,\"bytes\":4,"
                + "\"duration_ms\":\\d+\\.\\d{3},\"route\":\"/users/\\{id}\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "thread-pool"})
    void aStuckWriterDropsLinesAndNeverDelaysRequests(String model) throws Exception {
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                await();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                await();
            }

            private void await() {
                try {
                    unblock.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AccessLog log = new AccessLog(stuck, false, AccessLog.Format.TEXT, 8);
        start(model, log);
        long started = System.nanoTime();
        try (RawClient c = fx.raw()) {
            for (int i = 0; i < 200; i++) assertThat(c.send(RawClient.get("/users/" + i)).read().status()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("nothing waited for the stuck writer")
                .isLessThan(Duration.ofSeconds(20));
        // One batch is stuck in the writer, at most 8 wait in the queue: the rest were dropped.
        assertThat(log.dropped()).isGreaterThanOrEqualTo(200 - 8 - 8);
        assertThat(fx.server().snapshot().traffic().accessLogDropped()).isEqualTo(log.dropped());
        unblock.countDown();
        log.close();
    }

    @Test
    void whatTheClientSentCannotForgeALine() {
        AccessLog.Entry e = new AccessLog.Entry(0, null, "GET", "/a\"b\\c\nd\u0001", "HTTP/1.1", 200, 3, 1_000,
                "/a");
        StringBuilder text = new StringBuilder();
        AccessLog.clf(text, e);
        assertThat(text.toString()).isEqualTo(
                "- - - [01/Jan/1970:00:00:00 +0000] \"GET /a\\x22b\\x5cc\\x0ad\\x01 HTTP/1.1\" 200 3 0.000001 \"/a\"");
        StringBuilder json = new StringBuilder();
        AccessLog.json(json, e);
        assertThat(json.toString()).contains("\"target\":\"/a\\\"b\\\\c\\nd\\u0001\"").doesNotContain("\n");
    }

    /** A ByteArrayOutputStream whose content may be read while the writer thread writes. */
    private static final class SyncBuffer extends ByteArrayOutputStream {
        synchronized List<String> lines() {
            return new String(toByteArray(), StandardCharsets.UTF_8).lines().toList();
        }
    }
}
