package dev.barista.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import dev.barista.handler.Route;
import dev.barista.http.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /health/started} is 503 until the server has started and 200 from then on; {@code /health/live} is
 * 200 while the server's threads are alive, whatever the readiness checks say. Both answer on the event loop.
 */
class LiveAndStartedProbeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Route route(Server.Builder builder, String path) {
        return builder.routes().stream().filter(r -> r.method().equals("GET") && r.pattern().equals(path))
                .findFirst().orElseThrow();
    }

    @Test
    void startedOnceTheServerHasStartedAndLiveThroughout() throws Exception {
        Server.Builder builder = Observability.create()
                .readinessCheck("never", () -> HealthCheck.Result.down("not a liveness matter"))
                .addTo(Server.builder().host("127.0.0.1").port(0).loops(1));
        Route started = route(builder, "/health/started");
        Route live = route(builder, "/health/live");
        assertThat(started.endpoint().kind()).isEqualTo(dev.barista.handler.Endpoint.Kind.NON_BLOCKING);
        assertThat(live.endpoint().kind()).isEqualTo(dev.barista.handler.Endpoint.Kind.NON_BLOCKING);
        Response before = started.endpoint().handler().handle(null);
        assertThat(before.status()).as("before the start").isEqualTo(503);
        assertThat(live.endpoint().handler().handle(null).status()).as("not started is not dead").isEqualTo(200);

        Server server = builder.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : new String[]{"/health/started", "/health/live"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
                JsonNode body = JSON.readTree(r.body());
                assertThat(body.get("status").asText()).isEqualTo("UP");
                assertThat(body.get("checks").get(0).get("name").asText()).isEqualTo("server");
            }
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("the failing check is a readiness check only").isEqualTo(503);
        } finally {
            server.stop(Duration.ofMillis(200));
        }
        assertThat(started.endpoint().handler().handle(null).status()).as("a stop does not un-start").isEqualTo(200);
    }

    @Test
    void oneObservabilityServesOneServer() {
        Observability observability = Observability.create();
        observability.addTo(Server.builder());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> observability.addTo(Server.builder()))
                .isInstanceOf(IllegalStateException.class);
    }
}
