package dev.barista.cli;

import dev.barista.Server;
import dev.barista.handler.Handler;
import dev.barista.handler.Route;
import dev.barista.http.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRoutesTest {

    private static Handler handler(Server.Builder builder, String path) {
        Route route = builder.routes().stream()
                .filter(r -> r.method().equals("GET") && r.pattern().equals(path)).findFirst().orElseThrow();
        return route.endpoint().handler();
    }

    @Test
    void liveAndReadyWhileServingThenNotReadyOnceAStopBegan() throws Exception {
        Server.Builder builder = HealthRoutes.addTo(Server.builder().host("127.0.0.1").port(0).loops(1));
        Handler ready = handler(builder, "/health/ready");
        assertThat(ready.handle(null).status()).as("before start").isEqualTo(503);

        Server server = builder.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : new String[]{"/health/live", "/health/ready"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
            }
        } finally {
            server.stop(Duration.ofMillis(200));
        }
        Response afterStop = ready.handle(null);
        assertThat(afterStop.status()).isEqualTo(503);
        assertThat(server.isReady()).isFalse();
    }
}
