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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a readiness delay, a stopping server first turns not ready and keeps serving (the listener open, new
 * connections answered, keep-alive kept) for the delay, and only then closes its listener and drains.
 */
class ReadinessDelayTest {
    private static final Duration DELAY = Duration.ofMillis(1500);

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aStoppingServerKeepsServingWhileNotReadyForTheDelay(Model model) throws Exception {
        Server server = fx.start(ServerFixture.builder().model(model).readinessDelay(DELAY)
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello")))
                .get("/ready", Endpoint.nonBlocking(r -> fx.server().isReady() ? Response.text("ready")
                        : Response.error(503, "Stopping"))));
        int port = server.port();
        RawClient kept = fx.raw();
        assertThat(kept.send(RawClient.get("/ready")).read().status()).isEqualTo(200);

        long stopAt = System.nanoTime();
        Thread stopper = Thread.ofPlatform().start(server::stop);
        Await.until("readiness to turn false", Duration.ofSeconds(1), () -> !server.isReady());

        // Inside the delay: everything still served, readiness answers 503, no connection is told to close.
        RawResponse ready = kept.send(RawClient.get("/ready")).read();
        assertThat(ready.status()).isEqualTo(503);
        RawResponse onKept = kept.send(RawClient.get("/hello")).read();
        assertThat(onKept.status()).isEqualTo(200);
        assertThat(onKept.closes()).as("keep-alive kept during the delay").isFalse();
        try (RawClient fresh = RawClient.connect(port)) {
            RawResponse answer = fresh.send(RawClient.get("/hello")).read();
            assertThat(answer.status()).as("a new connection is still accepted and served").isEqualTo(200);
        }
        assertThat(System.nanoTime() - stopAt).as("checked within the delay")
                .isLessThan(DELAY.toNanos());

        stopper.join(10_000);
        assertThat(System.nanoTime() - stopAt).as("the stop waited the delay").isGreaterThanOrEqualTo(DELAY.toNanos());
        assertThat(kept.closedWithin(Duration.ofSeconds(2))).as("the idle connection closed by the drain").isTrue();
        assertThat(refuses(port)).as("the listener is closed after the delay").isTrue();
    }

    private static boolean refuses(int port) {
        try (RawClient c = RawClient.connect(port)) {
            c.send(RawClient.get("/hello"));
            return c.closedWithin(Duration.ofSeconds(2));
        } catch (IOException e) {
            return true;
        }
    }
}
