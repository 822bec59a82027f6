package dev.barista.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import dev.barista.observe.Observability;
import dev.barista.shop.GatewayConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's readiness follows the shop's failure policy: without the product service it is not ready
 * (503); without the user or inventory service it stays ready, DEGRADED, naming what is missing.
 */
class ShopReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The check named {@code name} in a health body. */
    private static JsonNode check(JsonNode body, String name) {
        for (JsonNode check : body.get("checks")) if (check.get("name").asText().equals(name)) return check;
        throw new AssertionError("no check " + name + " in " + body);
    }

    /** {@code /health/ready} of a server whose gateway's backends are the three sockets (null: nobody listens). */
    private static HttpResponse<String> ready(ServerSocket user, ServerSocket product, ServerSocket inventory)
            throws Exception {
        int closed;
        try (ServerSocket released = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = released.getLocalPort();
        }
        GatewayConfig config = GatewayConfig.of(url(user, closed), url(product, closed), url(inventory, closed));
        Observability observability = Observability.create();
        ShopReadiness.register(observability, config);
        Server server = observability.addTo(Server.builder().host("127.0.0.1").port(0).loops(1)).start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            server.stop(Duration.ofMillis(200));
        }
    }

    private static URI url(ServerSocket backend, int closedPort) {
        return URI.create("http://127.0.0.1:" + (backend != null ? backend.getLocalPort() : closedPort));
    }

    private static ServerSocket listening() throws Exception {
        return new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    }

    @Test
    void withoutTheProductServiceTheGatewayIsNotReady() throws Exception {
        try (ServerSocket user = listening(); ServerSocket inventory = listening()) {
            HttpResponse<String> r = ready(user, null, inventory);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(check(body, "shop-product").get("status").asText()).isEqualTo("DOWN");
            assertThat(check(body, "shop-product").get("reason").asText()).contains("is unreachable");
            assertThat(check(body, "shop-user").get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void withoutUserOrInventoryItIsReadyButDegraded() throws Exception {
        try (ServerSocket product = listening()) {
            HttpResponse<String> r = ready(null, product, null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(check(body, "shop-user").get("status").asText()).isEqualTo("DEGRADED");
            assertThat(check(body, "shop-inventory").get("reason").asText())
                    .endsWith("; searches answer without it");
            assertThat(check(body, "shop-product").get("status").asText()).isEqualTo("UP");
        }
    }
}
