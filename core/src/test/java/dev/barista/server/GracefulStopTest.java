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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A graceful stop: readiness turns false, accepting stops, idle connections close at once, in-flight requests
 * finish and are answered with {@code Connection: close}, and the whole takes no longer than the grace.
 */
class GracefulStopTest {
    private static final int IN_FLIGHT = 20;

    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();

    @AfterEach
    void tearDown() {
        release.countDown();
        fx.close();
    }

    /** Every model that can run many handlers at once (the single event loop runs one at a time). */
    static List<Model> concurrentModels() {
        return Models.all().stream().filter(m -> !m.name().equals("event-loop")).toList();
    }

    private Server start(Duration grace) throws Exception {
        return start(Model.named("reactor"), grace);
    }

    private Server start(Model model, Duration grace) throws Exception {
        return fx.start(ServerFixture.builder().model(model).workers(32, 64).shutdownGrace(grace)
                .get("/slow/{i}", r -> {
                    entered.incrementAndGet();
                    if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    Thread.sleep(50);
                    return Response.text("done" + r.pathParam("i"));
                })
                .get("/", Endpoint.nonBlocking(r -> Response.text("ok"))));
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void inFlightRequestsFinishWithConnectionCloseAndIdleOnesCloseAtOnce(Model model) throws Exception {
        Duration grace = Duration.ofSeconds(5);
        Server server = start(model, grace);
        int port = server.port();
        List<RawClient> idle = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient client = fx.raw();
            assertThat(client.send(RawClient.get("/")).read().closes()).isFalse();
            idle.add(client);
        }
        List<RawClient> busy = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) busy.add(fx.raw().send(RawClient.get("/slow/" + i)));
        Await.until("every request to be in its handler", () -> entered.get() == IN_FLIGHT);
        assertThat(server.isReady()).isTrue();

        long stopStart = System.nanoTime();
        Thread stopper = Thread.ofPlatform().start(server::stop);
        Await.until("readiness to turn false", () -> !server.isReady());
        for (RawClient client : idle) {
            assertThat(client.closedWithin(Duration.ofSeconds(2))).as("idle connection closed promptly").isTrue();
        }
        // Idle connections are closed after accepting stopped: a newcomer is refused now.
        assertThatThrownBy(() -> RawClient.connect(port).close()).isInstanceOf(ConnectException.class);
        assertThat(stopper.isAlive()).as("stop waits for the in-flight requests").isTrue();

        release.countDown();
        for (int i = 0; i < IN_FLIGHT; i++) {
            RawResponse response = busy.get(i).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("done" + i);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(busy.get(i).closedWithin(Duration.ofSeconds(2))).isTrue();
        }
        stopper.join(grace.plusSeconds(5).toMillis());
        assertThat(stopper.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).isLessThan(grace);
        assertThat(server.stats().openConnections.get()).isZero();
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void httpClientRequestsInFlightAllSucceed(Model model) throws Exception {
        Server server = start(model, Duration.ofSeconds(5));
        var client = fx.httpClient();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            responses.add(client.sendAsync(fx.request("/slow/" + i).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        Await.until("every request to be in its handler", () -> entered.get() == IN_FLIGHT);
        Thread stopper = Thread.ofPlatform().start(server::stop);
        Await.until("readiness to turn false", () -> !server.isReady());
        release.countDown();
        for (int i = 0; i < IN_FLIGHT; i++) {
            var response = responses.get(i).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("done" + i);
            assertThat(response.headers().firstValue("connection")).hasValue("close");
        }
        stopper.join(10_000);
        assertThat(stopper.isAlive()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void requestsStillRunningWhenTheGraceEndsAreCutOffAndStopReturnsInTime(Model model) throws Exception {
        Duration grace = Duration.ofMillis(500);
        Server server = start(model, grace);
        RawClient stuck = fx.raw().send(RawClient.get("/slow/1"));
        Await.until("the request to be in its handler", () -> entered.get() == 1);

        long stopStart = System.nanoTime();
        server.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - stopStart);

        assertThat(stuck.closedWithin(Duration.ofSeconds(2))).as("closed without an answer").isTrue();
        // The grace bounds the stop; a little slack for closing sockets and joining threads.
        assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plusMillis(500));
    }

    @Test
    void stopIsIdempotentAndANewServerCanTakeOver() throws Exception {
        Server server = start(Duration.ofSeconds(1));
        server.stop();
        server.stop();
        assertThat(server.isReady()).isFalse();
        Server next = start(Duration.ofSeconds(1));
        assertThat(fx.raw().send(RawClient.get("/")).read().bodyText()).isEqualTo("ok");
        assertThat(next.isReady()).isTrue();
    }
}
