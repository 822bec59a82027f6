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
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Past a grace period, a client must move bytes at least at the minimum data rate: a request body trickled
 * slower is answered 408 and the connection closed (even though each byte arrives well within the body
 * timeout); a client that stops reading a large response is closed (well before the write timeout); a client
 * that keeps up is never disturbed.
 */
class MinDataRateTest {
    /** 100 kB/s after half a second; every inactivity timeout far longer, so that only the rate can act. */
    private static final DataRate RATE = new DataRate(100_000, Duration.ofMillis(500));
    private static final Timeouts PATIENT = new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(60),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200));
    private static final int LARGE = 32 * 1024 * 1024;

    private final ServerFixture fx = new ServerFixture();
    private final List<Thread> senders = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        fx.close();
        for (Thread t : senders) t.interrupt();
        for (Thread t : senders) t.join(5_000);
    }

    private Server start(Model model) throws IOException {
        return fx.start(ServerFixture.builder().model(model).minDataRate(RATE).timeouts(PATIENT)
                .post("/upload", request -> Response.text("received " + request.body().length()))
                .get("/large", Endpoint.nonBlocking(request -> Response.status(200)
                        .contentType("application/octet-stream").body(new byte[LARGE]))));
    }

    /** Sends {@code total} bytes, {@code step} at a time every {@code pauseMillis}, until done or refused. */
    private void sendSteadily(RawClient client, int total, int step, long pauseMillis) {
        senders.add(Thread.ofPlatform().name("test-trickle").daemon(true).start(() -> {
            try {
                for (int sent = 0; sent < total; sent += step) {
                    client.send(new byte[Math.min(step, total - sent)]);
                    Thread.sleep(pauseMillis);
                }
            } catch (IOException | InterruptedException ignored) {
                // the server answered and closed, or the test ended
            }
        }));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aBodyTrickledSlowerThanTheRateIsAnswered408(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n");

        sendSteadily(client, 10_000, 1, 50); // 20 bytes/s, each byte far inside the 60 s body timeout

        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(408);
        assertThat(response.closes()).isTrue();
        Await.until("the connection closed as a request timeout",
                () -> server.stats().closedBy(CloseReason.REQUEST_TIMEOUT) == 1);
    }

    @ParameterizedTest
    @MethodSource("modelsWithLoops")
    void aClientThatStopsReadingALargeResponseIsClosed(Model model) throws Exception {
        stopReadingALargeResponse(model);
    }

    @ParameterizedTest
    @MethodSource("threadModels")
    void aClientThatStopsReadingALargeResponseIsClosedUnderTheThreadModels(Model model) throws Exception {
        stopReadingALargeResponse(model);
    }

    private void stopReadingALargeResponse(Model model) throws Exception {
        Server server = start(model);
        RawClient reader = fx.raw(4096);
        reader.send(RawClient.get("/large"));
        assertThat(reader.answersWithin(Duration.ofSeconds(5))).isTrue();

        // It reads nothing more. The write timeout is a minute away: only the rate can end this.
        Await.until("the stalled connection to be closed", Duration.ofSeconds(20),
                () -> server.stats().openConnections.get() == 0);
        assertThat(server.stats().closedBy(CloseReason.WRITE_TIMEOUT)).isEqualTo(1);
        assertThat(bytesBeforeTheEnd(reader)).as("the response was cut short").isLessThan(LARGE);
    }

    /** What the client could still read; a write timeout resets the socket, which ends the read early too. */
    private static long bytesBeforeTheEnd(RawClient reader) throws IOException {
        try {
            return reader.skip(LARGE + 1024);
        } catch (SocketException reset) {
            return 0;
        }
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void clientsThatKeepUpAreNotDisturbed(Model model) throws Exception {
        Server server = start(model);

        RawClient downloader = fx.raw();
        for (int i = 0; i < 2; i++) {
            RawResponse large = downloader.send(RawClient.get("/large")).read();
            assertThat(large.status()).isEqualTo(200);
            assertThat(large.body()).hasSize(LARGE);
        }

        RawClient uploader = fx.raw();
        int bulk = 4 * 1024 * 1024;
        RawResponse fast = uploader.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + bulk + "\r\n\r\n")
                .send(new byte[bulk]).read();
        assertThat(fast.bodyText()).isEqualTo("received " + bulk);

        // Slower, yet four times the rate, and for well past the grace period.
        int steady = 400_000;
        uploader.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + steady + "\r\n\r\n");
        sendSteadily(uploader, steady, 10_000, 25);
        RawResponse slowButSteady = uploader.read();
        assertThat(slowButSteady.status()).isEqualTo(200);
        assertThat(slowButSteady.bodyText()).isEqualTo("received " + steady);

        assertThat(server.stats().timeouts.sum()).isZero();
        assertThat(server.stats().openConnections.get()).isEqualTo(2);
    }

    static List<Model> modelsWithLoops() {
        return List.of(Model.named("reactor"), Model.named("event-loop"));
    }

    static List<Model> threadModels() {
        return Models.all().stream().filter(m -> !modelsWithLoops().contains(m)).toList();
    }
}
