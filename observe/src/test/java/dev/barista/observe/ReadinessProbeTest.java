package dev.barista.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import dev.barista.handler.Route;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code /health/ready}: JSON, 200 while the server serves and every registered check is up, 503 while one is
 * down, throws or is late, and again 200 once it recovers; 503 before the start and once a stop begins.
 */
class ReadinessProbeTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Server server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(Duration.ofMillis(200));
    }

    private void start(Observability observability) throws Exception {
        server = observability.addTo(Server.builder().host("127.0.0.1").port(0).loops(1)).start();
    }

    private HttpResponse<String> ready() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The check named {@code name} in a health body. */
    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode check : body.get("checks")) if (check.get("name").asText().equals(name)) return check;
        throw new AssertionError("no check " + name + " in " + body);
    }

    @Test
    void turns503WhileACheckFailsAnd200WhenItRecovers() throws Exception {
        AtomicBoolean databaseUp = new AtomicBoolean(true);
        start(Observability.create()
                .readinessCheck("cache", HealthCheck.Result::up)
                .readinessCheck("database", () -> databaseUp.get() ? HealthCheck.Result.up()
                        : HealthCheck.Result.down("connection \"primary\" refused")));

        HttpResponse<String> up = ready();
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(up.headers().firstValue("cache-control")).hasValue("no-store");
        JsonNode body = JSON.readTree(up.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("checks")).extracting(c -> c.get("name").asText())
                .containsExactly("server", "cache", "database");

        databaseUp.set(false);
        HttpResponse<String> down = ready();
        assertThat(down.statusCode()).isEqualTo(503);
        body = JSON.readTree(down.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(check(body, "database").get("status").asText()).isEqualTo("DOWN");
        assertThat(check(body, "database").get("reason").asText()).isEqualTo("connection \"primary\" refused");
        assertThat(check(body, "cache").get("status").asText()).isEqualTo("UP");
        assertThat(check(body, "server").get("status").asText()).isEqualTo("UP");

        databaseUp.set(true);
        assertThat(ready().statusCode()).isEqualTo(200);
    }

    @Test
    void aDegradedCheckKeepsTheServerReadyAndSaysWhy() throws Exception {
        start(Observability.create().readinessCheck("recommendations",
                () -> HealthCheck.Result.degraded("unreachable; pages show no recommendations")));
        HttpResponse<String> r = ready();
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
        assertThat(check(body, "recommendations").get("status").asText()).isEqualTo("DEGRADED");
        assertThat(check(body, "recommendations").get("reason").asText())
                .isEqualTo("unreachable; pages show no recommendations");
    }

    @Test
    void aCheckThatThrowsIsDownWithTheExceptionAsReason() throws Exception {
        start(Observability.create().readinessCheck("queue", () -> {
            throw new IllegalStateException("broker unreachable");
        }));
        HttpResponse<String> r = ready();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(check(JSON.readTree(r.body()), "queue").get("reason").asText())
                .isEqualTo("IllegalStateException: broker unreachable");
    }

    @Test
    void aHungCheckTimesOutAndIsNotStartedAgainWhileItHangs() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        start(Observability.create().checkTimeout(Duration.ofMillis(200)).readinessCheck("backend", () -> {
            runs.incrementAndGet();
            while (true) {
                try {
                    release.await(); // deaf to interrupts, like a socket read without a timeout
                    return HealthCheck.Result.up();
                } catch (InterruptedException ignored) {
                    // keeps hanging
                }
            }
        }));

        for (int probe = 0; probe < 3; probe++) {
            long started = System.nanoTime();
            HttpResponse<String> r = ready();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the probe waits for the timeout only")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(check(JSON.readTree(r.body()), "backend").get("reason").asText())
                    .isEqualTo("no answer within 200 ms");
        }
        assertThat(runs.get()).as("one hung run, however many probes").isEqualTo(1);

        release.countDown();
        assertThat(ready().statusCode()).as("the run ended, or ends in time for this probe").isEqualTo(200);
    }

    @Test
    void aLateCheckIsInterruptedSoTheNextProbeRunsItAfresh() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        start(Observability.create().checkTimeout(Duration.ofMillis(100)).readinessCheck("slow", () -> {
            if (runs.incrementAndGet() == 1) Thread.sleep(60_000); // interrupted at the timeout
            return HealthCheck.Result.up();
        }));
        assertThat(ready().statusCode()).isEqualTo(503);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            status = ready().statusCode(); // 503 while the interrupted run has not yet ended
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("the interrupted run ended long before its minute of sleep").isEqualTo(200);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void notReadyBeforeTheStartNorOnceAStopBegan() throws Exception {
        Server.Builder builder = Observability.create().addTo(Server.builder().host("127.0.0.1").port(0).loops(1));
        Route route = builder.routes().stream().filter(r -> r.pattern().equals("/health/ready")).findFirst()
                .orElseThrow();
        assertThat(route.endpoint().mayBlock()).as("its checks run on threads of their own").isFalse();
        Response before = route.endpoint().asyncHandler().handle(null).toCompletableFuture().get();
        assertThat(before.status()).isEqualTo(503);
        assertThat(body(before)).contains("\"reason\":\"starting\"");

        server = builder.start();
        assertThat(ready().statusCode()).isEqualTo(200);
        server.stop(Duration.ofMillis(200));
        Response after = route.endpoint().asyncHandler().handle(null).toCompletableFuture().get();
        assertThat(after.status()).isEqualTo(503);
        assertThat(body(after)).contains("\"reason\":\"stopping\"");
    }

    @Test
    void checkNamesAreUniqueAndServerIsTheServers() {
        Observability observability = Observability.create().readinessCheck("db", HealthCheck.Result::up);
        assertThatThrownBy(() -> observability.readinessCheck("db", HealthCheck.Result::up))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> observability.readinessCheck("server", HealthCheck.Result::up))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> observability.checkTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String body(Response response) {
        ResponseBody.Bytes bytes = (ResponseBody.Bytes) response.body();
        return new String(bytes.array(), bytes.offset(), bytes.count(), StandardCharsets.UTF_8);
    }
}
