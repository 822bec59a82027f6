package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wait a client can impose has an end: idle keep-alive (closed quietly), a slow request head and a
 * stalled body (408, closed), and a client that does not read its response (closed, counted).
 */
class TimeoutsTest {
    private static final byte[] BIG = new byte[4 * 1024 * 1024];

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model, Timeouts timeouts) throws IOException {
        return fx.start(ServerFixture.builder().model(model).timeouts(timeouts)
                .get("/", Endpoint.nonBlocking(r -> Response.text("ok")))
                .get("/big", Endpoint.nonBlocking(r -> Response.status(200).body(BIG)))
                .post("/echo", Endpoint.nonBlocking(r -> Response.text("got " + r.body().length()))));
    }

    private static Timeouts timeouts(int idleMs, int headerMs, int bodyMs, int writeMs) {
        return new Timeouts(Duration.ofMillis(idleMs), Duration.ofMillis(headerMs), Duration.ofMillis(bodyMs),
                Duration.ofMillis(writeMs), Duration.ofMillis(200));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void idleKeepAliveConnectionIsClosedAfterTheIdleTimeout(Model model) throws Exception {
        Server server = start(model, timeouts(300, 5_000, 5_000, 5_000));
        RawClient client = fx.raw();
        assertThat(client.send(RawClient.get("/")).read().closes()).isFalse();
        // Quietly: no response (not even a 408), just the close.
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        Await.until("the server to count the closed connection", () -> server.stats().openConnections.get() == 0);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void connectionThatNeverSendsAnythingIsClosedAfterTheIdleTimeout(Model model) throws Exception {
        start(model, timeouts(300, 5_000, 5_000, 5_000));
        RawClient client = fx.raw();
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void slowlorisHeadGets408AfterTheHeaderTimeoutThoughBytesKeepArriving(Model model) throws Exception {
        Server server = start(model, timeouts(10_000, 500, 10_000, 5_000));
        RawClient client = fx.raw();
        client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger dripped = new AtomicInteger();
        Thread dripper = Thread.ofVirtual().start(() -> {
            // A byte every 100 ms, for at most 10 s: each one alone would satisfy an inactivity timeout.
            for (int i = 0; i < 100 && !stop.get(); i++) {
                try {
                    client.send("a");
                    dripped.incrementAndGet();
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        try {
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(dripped.get()).as("bytes kept arriving before the 408").isGreaterThanOrEqualTo(3);
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        } finally {
            stop.set(true);
            dripper.join(5_000);
        }
        assertThat(server.stats().timeouts.sum()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stalledBodyGets408(Model model) throws Exception {
        Server server = start(model, timeouts(10_000, 10_000, 300, 5_000));
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "b".repeat(10));
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(server.stats().timeouts.sum()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stalledChunkedBodyGets408(Model model) throws Exception {
        start(model, timeouts(10_000, 10_000, 300, 5_000));
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        assertThat(client.read().status()).isEqualTo(408);
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void bodyThatKeepsTricklingIsNotTimedOut(Model model) throws Exception {
        // The body timeout is about inactivity: a body arriving slowly but steadily is fine.
        start(model, timeouts(10_000, 10_000, 300, 5_000));
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            client.send("b");
        }
        assertThat(client.read().bodyText()).isEqualTo("got 8");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void clientThatNeverReadsIsClosedAfterTheWriteTimeout(Model model) throws Exception {
        Server server = start(model, timeouts(60_000, 60_000, 60_000, 400));
        // A small receive window, so the server's writes stall soon.
        RawClient client = fx.raw(32 * 1024);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) requests.append(RawClient.get("/big"));
        client.send(requests.toString());
        // 80 MB asked for, none read: the server must give up on its own.
        Await.until("the server to take the requests", () -> server.stats().requests.sum() >= 1);
        Await.until("the write timeout to close the connection", Duration.ofSeconds(15),
                () -> server.stats().timeouts.sum() >= 1 && server.stats().openConnections.get() == 0);

        // What the client can still read ends early: the connection is gone.
        long received = 0;
        client.readTimeout(Duration.ofSeconds(5));
        InputStream in = client.socket().getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) received += n;
        } catch (SocketException e) {
            // reset: closed just the same
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + received + " bytes", e);
        }
        assertThat(received).isLessThan(20L * BIG.length);
    }
}
