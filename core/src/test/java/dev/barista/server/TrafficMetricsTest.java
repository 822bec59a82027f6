package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under every in-process model, responses are counted under their route's pattern and status class with
 * their latency, requests that matched nothing under one fixed label, and connections under the reason
 * they closed.
 */
class TrafficMetricsTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model) throws Exception {
        return fx.start(ServerFixture.builder().model(model)
                .get("/users/{id}", Endpoint.nonBlocking(r -> Response.text("user " + r.pathParam("id"))))
                .get("/slow", r -> {
                    Thread.sleep(30);
                    return Response.text("slow");
                })
                .get("/teapot", Endpoint.nonBlocking(r -> {
                    throw new HttpException(418, "I'm a teapot");
                }))
                .get("/boom", Endpoint.nonBlocking(r -> {
                    throw new IllegalStateException("test failure");
                })));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void responsesAreCountedByRoutePatternAndStatusClassWithLatency(Model model) throws Exception {
        Server server = start(model);
        try (RawClient client = fx.raw()) {
            for (int i = 0; i < 5; i++) assertThat(client.send(RawClient.get("/users/" + i)).read().status()).isEqualTo(200);
            assertThat(client.send(RawClient.get("/slow")).read().status()).isEqualTo(200);
            assertThat(client.send(RawClient.get("/teapot")).read().status()).isEqualTo(418);
            assertThat(client.send(RawClient.get("/boom")).read().status()).isEqualTo(500);
            for (int i = 0; i < 3; i++) assertThat(client.send(RawClient.get("/nowhere/" + i)).read().status()).isEqualTo(404);
            assertThat(client.send(RawClient.request("DELETE", "/users/1")).read().status()).isEqualTo(405);
        }

        ServerSnapshot.Traffic t = server.snapshot().traffic();
        ServerSnapshot.RouteTraffic users = t.route("GET", "/users/{id}");
        assertThat(users.responses()).isEqualTo(Map.of("2xx", 5L));
        assertThat(users.duration().count()).isEqualTo(5);
        ServerSnapshot.RouteTraffic slow = t.route("GET", "/slow");
        assertThat(slow.duration().count()).isEqualTo(1);
        assertThat(slow.duration().sumNanos()).as("the handler slept 30 ms").isGreaterThanOrEqualTo(30_000_000L);
        assertThat(slow.duration().counts()[0]).as("not in the 0.5 ms bucket").isZero();
        assertThat(t.route("GET", "/teapot").responses()).isEqualTo(Map.of("4xx", 1L));
        assertThat(t.route("GET", "/boom").responses()).isEqualTo(Map.of("5xx", 1L));
        ServerSnapshot.RouteTraffic unmatched = t.route("", RouteMetrics.UNMATCHED);
        assertThat(unmatched.responses()).as("404s and the 405, under one label whatever the path")
                .isEqualTo(Map.of("4xx", 4L));
        assertThat(t.routes()).hasSize(5);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void connectionsAreCountedByTheReasonTheyClosed(Model model) throws Exception {
        Server server = start(model);
        try (RawClient client = fx.raw()) {
            assertThat(client.send(RawClient.get("/users/1")).read().status()).isEqualTo(200);
        } // the client closes
        try (RawClient client = fx.raw()) {
            client.send("GET /users/2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(200);
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        try (RawClient client = fx.raw()) {
            client.send("GET /users/3 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
            assertThat(client.read().status()).isEqualTo(400);
            assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        }
        Await.until("three closes counted", Duration.ofSeconds(5),
                () -> server.snapshot().counters().openConnections() == 0
                        && closes(server).values().stream().mapToLong(Long::longValue).sum() == 3);
        ServerSnapshot.Traffic t = server.snapshot().traffic();
        assertThat(t.closed(CloseReason.CLIENT_CLOSED)).isEqualTo(1);
        assertThat(t.closed(CloseReason.RESPONSE_CLOSE)).isEqualTo(1);
        assertThat(t.closed(CloseReason.PROTOCOL_ERROR)).isEqualTo(1);
        assertThat(t.route("", RouteMetrics.UNMATCHED).responses()).as("the rejected message")
                .isEqualTo(Map.of("4xx", 1L));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void refusedAndIdleConnectionsAreCountedToo(Model model) throws Exception {
        Server server = fx.start(ServerFixture.builder().model(model).maxConnections(1)
                .timeouts(new Timeouts(Duration.ofMillis(300), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofSeconds(10), Duration.ofMillis(200)))
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello"))));
        try (RawClient first = fx.raw()) {
            assertThat(first.send(RawClient.get("/hello")).read().status()).isEqualTo(200);
            try (RawClient second = fx.raw()) {
                assertThat(second.read().status()).isEqualTo(503);
            }
            assertThat(first.closedWithin(Duration.ofSeconds(5))).as("closed by the idle timeout").isTrue();
        }
        Await.until("both closes counted", Duration.ofSeconds(5),
                () -> closes(server).values().stream().mapToLong(Long::longValue).sum() == 2);
        ServerSnapshot.Traffic t = server.snapshot().traffic();
        assertThat(t.closed(CloseReason.REFUSED)).isEqualTo(1);
        assertThat(t.closed(CloseReason.IDLE_TIMEOUT)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void eventLoopsReportTheirBusyTimeAndLag(Model model) throws Exception {
        Server server = start(model);
        if (server.snapshot().eventLoops() == null) return; // the thread models have no loops
        try (RawClient client = fx.raw()) {
            for (int i = 0; i < 20; i++) client.send(RawClient.get("/users/" + i)).read();
        }
        Await.until("each loop's tick to have fired", Duration.ofSeconds(5),
                () -> server.snapshot().eventLoops().lag().count() >= server.snapshot().eventLoops().count());
        ServerSnapshot.Loops loops = server.snapshot().eventLoops();
        assertThat(loops.busyNanos()).isPositive();
        assertThat(loops.utilization()).isBetween(0.0, 1.0);
    }

    private static Map<String, Long> closes(Server server) {
        Map<String, Long> closes = new java.util.HashMap<>(server.snapshot().traffic().closes());
        closes.values().removeIf(v -> v == 0);
        return closes;
    }
}
