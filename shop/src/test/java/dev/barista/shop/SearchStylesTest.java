package dev.barista.shop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The four styles and two plans give the very same bytes for the same search. */
class SearchStylesTest {
    private static final List<String> QUERIES = List.of("coffee", "bluetooth+headphones", "yoga+mat",
            "espresso+grinder+pro", "nothing-matches-this", "cast-iron+skillet");
    private static final List<Long> USERS = List.of(1L, 7L, 4242L, 99_999L);
    private static ShopFixture shop;

    @BeforeAll
    static void start() throws Exception {
        shop = ShopFixture.start(Faults.NONE, Faults.NONE, Faults.NONE, c -> c);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void everyStyleAndPlanAnswersTheSameBytes() throws Exception {
        for (String q : QUERIES) {
            for (long user : USERS) {
                Map<String, String> bodies = new LinkedHashMap<>();
                for (Style style : Style.values()) {
                    for (Plan plan : Plan.values()) {
                        ShopFixture.Answer answer = shop.get("/search?q=" + q + "&user=" + user + "&style="
                                + style.label() + "&plan=" + plan.label());
                        assertThat(answer.status()).as(style + "/" + plan + " " + q).isEqualTo(200);
                        bodies.put(style.label() + "/" + plan.label(), answer.body());
                    }
                }
                assertThat(bodies.values()).as(q + " for user " + user).containsOnly(bodies.get("futures/concurrent"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "virtual-threads", "thread-pool"})
    void otherModelsServeTheSameBytes(String model) throws Exception {
        // the thread models have no loops to share: the gateway's client brings one of its own
        ShopBackends.Settings settings = ShopBackends.Settings.defaults(ShopFixture.CATALOG);
        try (ShopFixture other = new ShopFixture(settings, c -> c, model)) {
            assertThat(other.server.eventLoops().isPresent()).isEqualTo(model.equals("event-loop"));
            for (Style style : Style.values()) {
                for (Plan plan : Plan.values()) {
                    String target = "/search?q=yoga+mat&user=42&style=" + style.label() + "&plan=" + plan.label();
                    ShopFixture.Answer answer = other.get(target);
                    assertThat(answer.status()).isEqualTo(200);
                    assertThat(answer.body()).as(model + " " + style + "/" + plan).isEqualTo(shop.get(target).body());
                }
            }
        }
    }

    @Test
    void theAnswerHasTheUsersPriceAndStock() throws Exception {
        UserProfile profile = new UserDirectory().find(7).orElseThrow();
        JsonNode json = ShopJson.MAPPER.readTree(shop.get("/search?q=coffee&user=7").body());
        assertThat(json.get("user").get("level").asText()).isEqualTo(profile.level());
        assertThat(json.get("user").get("region").asText()).isEqualTo(profile.region());
        assertThat(json.get("degraded")).isEmpty();
        assertThat(json.get("products")).hasSize(SearchQuery.DEFAULT_LIMIT);
        StockLevels stock = new StockLevels();
        for (JsonNode p : json.get("products")) {
            long list = p.get("listPriceCents").asLong();
            assertThat(p.get("priceCents").asLong()).isEqualTo(Membership.ofLabel(profile.level()).priceCents(list));
            assertThat(p.get("stock").asInt()).isEqualTo(stock.units(p.get("id").asLong(), profile.region()));
        }
    }

    @Test
    void noMatchIsAnEmptyListAndAskNoStock() throws Exception {
        JsonNode json = ShopJson.MAPPER.readTree(shop.get("/search?q=zzzz&user=3&style=callbacks").body());
        assertThat(json.get("products")).isEmpty();
        assertThat(json.get("degraded")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/search?user=1", "/search?q=coffee", "/search?q=coffee&user=x",
            "/search?q=coffee&user=1&style=threads", "/search?q=coffee&user=1&plan=parallel",
            "/search?q=coffee&user=1&limit=500"})
    void badSearchesAre400(String target) throws Exception {
        assertThat(shop.get(target).status()).isEqualTo(400);
    }

    @Test
    void anUnknownUserIs404InEveryStyle() throws Exception {
        for (Style style : Style.values()) {
            for (Plan plan : Plan.values()) {
                assertThat(shop.get("/search?q=coffee&user=100001&style=" + style.label() + "&plan=" + plan.label())
                        .status()).as(style + "/" + plan).isEqualTo(404);
            }
        }
    }
}
