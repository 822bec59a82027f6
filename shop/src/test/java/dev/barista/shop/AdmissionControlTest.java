package dev.barista.shop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Past {@code maxSearches} in progress, a search is refused at once with 503 instead of queueing to its deadline. */
class AdmissionControlTest {
    private ShopFixture shop;

    @AfterEach
    void stop() {
        if (shop != null) shop.close();
    }

    @Test
    void searchesBeyondTheBoundAre503AndTheCountReturnsToZero() throws Exception {
        InFlight users = new InFlight();
        ShopBackends.Settings settings = ShopBackends.Settings.defaults(ShopFixture.CATALOG)
                .withFaults(Faults.latency(Delay.fixed(Duration.ofMillis(400))), Faults.NONE, Faults.NONE)
                .withInFlight(users, new InFlight(), new InFlight());
        shop = new ShopFixture(settings, c -> c.withMaxSearches(3), "reactor");

        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) all.add(send("/search?q=tea&user=" + (i + 1)));
        Eventually.within(Duration.ofSeconds(5), () -> users.now() == 3, "three searches admitted and waiting");
        HttpResponse<String> refused = send("/search?q=tea&user=9").get();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        for (CompletableFuture<HttpResponse<String>> f : all) assertThat(f.get().statusCode()).isEqualTo(200);
        Eventually.within(Duration.ofSeconds(2), () -> shop.gateway.searchesInProgress() == 0, "all answered");
        assertThat(send("/search?q=tea&user=9").get().statusCode()).isEqualTo(200);
    }

    private CompletableFuture<HttpResponse<String>> send(String target) {
        return shop.http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop.server.port() + target))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
