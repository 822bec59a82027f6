package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
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
 *
 * <p>Short timeouts: idle 300 ms, head 500 ms, body 300 ms, write 400 ms in this JVM; a little longer in a
 * child JVM (500, 800, 500, 500), whose processes run colder code, and where under process-per-connection the
 * child's clock starts when it has started and reads. The answers are the same.
 */
@Timeout(60)
class TimeoutsTest {
    private static final int BIG = 4 * 1024 * 1024;

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    /** The class's server under {@code model}, with the timeouts above. */
    private static ConformanceServer server(Model model) throws Exception {
        return servers.server(model, model.multiProcess() ? "timeouts=500,800,500,500,200" : "timeouts=300,500,300,400,200");
    }

    /**
     * How long to wait for what a timeout causes (a close, a 408): a child JVM's server may first have to start a
     * connection child (a JVM) before its clock even starts.
     */
    private static Duration timeoutEffectWithin(ConformanceServer server) {
        return server instanceof InProcessServer ? Duration.ofSeconds(5) : Duration.ofSeconds(10);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void idleKeepAliveConnectionIsClosedQuietlyAfterTheIdleTimeout(Model model) throws Exception {
        ConformanceServer server = server(model);
        RawClient client = server.raw();
        assertThat(client.send(RawClient.get("/n/1")).read().closes()).isFalse();
        // Quietly: no response (not even a 408), just the close.
        assertThat(client.closedWithin(timeoutEffectWithin(server))).isTrue();
        if (server instanceof InProcessServer local) {
            Await.until("the server to count the closed connection", () -> local.stats().openConnections.get() == 0);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void connectionThatNeverSendsAnythingIsClosedAfterTheIdleTimeout(Model model) throws Exception {
        ConformanceServer server = server(model);
        RawClient client = server.raw();
        assertThat(client.closedWithin(timeoutEffectWithin(server))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void slowlorisHeadGets408AfterTheHeaderTimeoutThoughBytesKeepArriving(Model model) throws Exception {
        ConformanceServer server = server(model);
        RawClient client = server.raw();
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
            client.readTimeout(timeoutEffectWithin(server)); // the 408 must come within it
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(dripped.get()).as("bytes kept arriving before the 408").isGreaterThanOrEqualTo(3);
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        } finally {
            stop.set(true);
            dripper.join(5_000);
        }
        if (server instanceof InProcessServer local) assertThat(local.stats().timeouts.sum()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void stalledBodyGets408(Model model) throws Exception {
        ConformanceServer server = server(model);
        RawClient client = server.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + "b".repeat(10));
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        if (server instanceof InProcessServer local) assertThat(local.stats().timeouts.sum()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void stalledChunkedBodyGets408(Model model) throws Exception {
        RawClient client = server(model).raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        assertThat(client.read().status()).isEqualTo(408);
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void bodyThatKeepsTricklingIsNotTimedOut(Model model) throws Exception {
        // The body timeout is about inactivity: a body arriving slowly but steadily is fine.
        RawClient client = server(model).raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n");
        for (int i = 0; i < 8; i++) {
            Thread.sleep(100);
            client.send("b");
        }
        assertThat(client.read().bodyText()).isEqualTo("bbbbbbbb");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void clientThatNeverReadsIsClosedAfterTheWriteTimeout(Model model) throws Exception {
        ConformanceServer server = server(model);
        // A small receive window, so the server's writes stall soon.
        RawClient client = server.raw(32 * 1024);
        long servedBy = Long.parseLong(client.send(RawClient.get("/pid")).read().bodyText());
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) requests.append(RawClient.get("/bytes/" + BIG));
        client.send(requests.toString());
        // 80 MB asked for, none read; reading would unstall the server, so we must not look before it gave up.
        if (server instanceof InProcessServer local) {
            Await.until("the server to take the requests", () -> local.stats().requests.sum() >= 2);
            Await.until("the write timeout to close the connection", Duration.ofSeconds(15),
                    () -> local.stats().timeouts.sum() >= 1 && local.stats().openConnections.get() == 0);
        } else if (model.name().equals("process-per-connection")) {
            // A connection's child exits with its connection.
            Await.until("the connection's child to exit", Duration.ofSeconds(15),
                    () -> ProcessHandle.of(servedBy).filter(ProcessHandle::isAlive).isEmpty());
        } else {
            // A prefork worker outlives the connection, and its counters are not at hand: several write timeouts.
            Thread.sleep(3_000);
        }

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
        assertThat(received).isLessThan(20L * BIG);
    }
}
