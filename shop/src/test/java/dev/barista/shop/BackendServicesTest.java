package dev.barista.shop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.barista.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The user and inventory services: deterministic answers, 400/404 at the edges, delays that never block a loop. */
class BackendServicesTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Server> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        http.close();
        servers.forEach(s -> s.stop(Duration.ofMillis(100)));
    }

    private Server start(Server.Builder builder) throws Exception {
        Server server = builder.start();
        servers.add(server);
        return server;
    }

    private HttpResponse<String> get(Server server, String target) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + target)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void userProfilesAreDeterministic() throws Exception {
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0);
        new UserService(new UserDirectory(), Faults.NONE, new InFlight()).addTo(builder);
        Server server = start(builder);
        JsonNode user = ShopJson.MAPPER.readTree(get(server, "/users/7").body());
        assertThat(user.get("id").asLong()).isEqualTo(7);
        assertThat(ShopJson.MAPPER.readValue(get(server, "/users/7").body(), UserProfile.class))
                .isEqualTo(new UserDirectory().find(7).orElseThrow());
        assertThat(Membership.ofLabel(user.get("level").asText()).discountPercent())
                .isEqualTo(user.get("discountPercent").asInt());
        assertThat(get(server, "/users/0").statusCode()).isEqualTo(404);
        assertThat(get(server, "/users/100001").statusCode()).isEqualTo(404);
        assertThat(get(server, "/users/abc").statusCode()).isEqualTo(400);
    }

    @Test
    void stockIsPerRegionAndBounded() throws Exception {
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0);
        new InventoryService(new StockLevels(), Faults.NONE, new InFlight()).addTo(builder);
        Server server = start(builder);
        JsonNode stock = ShopJson.MAPPER.readTree(get(server, "/stock?ids=1,2,3&region=eu-west").body());
        StockLevels levels = new StockLevels();
        for (int id = 1; id <= 3; id++) {
            assertThat(stock.get("units").get(Integer.toString(id)).asInt()).isEqualTo(levels.units(id, "eu-west"));
        }
        assertThat(get(server, "/stock?ids=1&region=mars").statusCode()).isEqualTo(400);
        assertThat(get(server, "/stock?ids=1,x&region=eu-west").statusCode()).isEqualTo(400);
        String tooMany = "1" + ",1".repeat(InventoryService.MAX_IDS);
        assertThat(get(server, "/stock?ids=" + tooMany + "&region=eu-west").statusCode()).isEqualTo(400);
        long outOfStock = 0;
        for (int id = 1; id <= 8000; id++) if (levels.units(id, "us-east") == 0) outOfStock++;
        assertThat(outOfStock).as("about one in eight").isBetween(800L, 1200L);
    }

    @Test
    void aDelayIsALoopTimerNotASleep() throws Exception {
        // one event loop, 30 requests each delayed 300 ms: all must be in flight together, which a sleep on the
        // loop would make impossible (it would hold them one at a time)
        InFlight inFlight = new InFlight();
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model("event-loop");
        new UserService(new UserDirectory(), Faults.latency(Delay.fixed(Duration.ofMillis(300))), inFlight).addTo(builder);
        Server server = start(builder);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/users/" + i))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) assertThat(f.get().statusCode()).isEqualTo(200);
        assertThat(inFlight.peak()).isGreaterThanOrEqualTo(10);
        assertThat(server.snapshot().eventLoops().blockedTurns()).isZero();
    }

    @Test
    void delaysParse() {
        assertThat(Delay.parse("20ms").drawNanos(java.util.concurrent.ThreadLocalRandom.current())).isEqualTo(20_000_000L);
        assertThat(Delay.parse("0")).isEqualTo(Delay.NONE);
        assertThat(Delay.parse("uniform:10ms-30ms").toString()).isEqualTo("uniform:10ms-30ms");
        assertThat(Delay.parse("exp:5ms").toString()).isEqualTo("exp:5ms");
        for (int i = 0; i < 1000; i++) {
            long d = Delay.parse("uniform:10ms-30ms").drawNanos(java.util.concurrent.ThreadLocalRandom.current());
            assertThat(d).isBetween(10_000_000L, 30_000_000L);
            assertThat(Delay.parse("exp:5ms").drawNanos(java.util.concurrent.ThreadLocalRandom.current()))
                    .isBetween(0L, 50_000_000L);
        }
    }
}
