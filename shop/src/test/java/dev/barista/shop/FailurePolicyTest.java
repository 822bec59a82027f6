package dev.barista.shop;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Every failure mode gives its documented answer (see {@link SearchAnswer}), in every style and plan. */
class FailurePolicyTest {
    private static final Faults ERRORS = Faults.NONE.withErrorRate(1);
    private static final Faults HANGS = Faults.NONE.withTimeoutRate(1).withHang(Duration.ofSeconds(3));
    private static final UnaryOperator<GatewayConfig> SHORT_CALLS =
            c -> c.withTimeouts(Duration.ofMillis(250), Duration.ofSeconds(5));
    private ShopFixture shop;

    static List<Arguments> stylesAndPlans() {
        List<Arguments> all = new ArrayList<>();
        for (Style style : Style.values()) for (Plan plan : Plan.values()) all.add(Arguments.of(style, plan));
        return all;
    }

    @AfterEach
    void stop() {
        if (shop != null) shop.close();
    }

    private ShopFixture.Answer search(Style style, Plan plan) throws Exception {
        return shop.get("/search?q=coffee&user=7&style=" + style.label() + "&plan=" + plan.label());
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void userServiceErrorsGiveNonMemberPricesFlaggedDegraded(Style style, Plan plan) throws Exception {
        shop = ShopFixture.start(ERRORS, Faults.NONE, Faults.NONE, SHORT_CALLS);
        ShopFixture.Answer answer = search(style, plan);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = ShopJson.MAPPER.readTree(answer.body());
        assertThat(json.get("user").get("level").asText()).isEqualTo("none");
        assertThat(json.get("user").get("region").isNull()).isTrue();
        assertThat(json.get("degraded").toString()).isEqualTo("[\"user\",\"stock\"]");
        for (JsonNode p : json.get("products")) {
            assertThat(p.get("priceCents").asLong()).isEqualTo(p.get("listPriceCents").asLong());
            assertThat(p.get("stock").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void userServiceTimeoutsGiveTheSameDegradedAnswer(Style style, Plan plan) throws Exception {
        shop = ShopFixture.start(HANGS, Faults.NONE, Faults.NONE, SHORT_CALLS);
        ShopFixture.Answer answer = search(style, plan);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(ShopJson.MAPPER.readTree(answer.body()).get("degraded").toString())
                .isEqualTo("[\"user\",\"stock\"]");
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void productServiceErrorsAre502(Style style, Plan plan) throws Exception {
        shop = ShopFixture.start(Faults.NONE, ERRORS, Faults.NONE, SHORT_CALLS);
        assertThat(search(style, plan).status()).isEqualTo(502);
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void productServiceTimeoutsAre504(Style style, Plan plan) throws Exception {
        shop = ShopFixture.start(Faults.NONE, HANGS, Faults.NONE, SHORT_CALLS);
        ShopFixture.Answer answer = search(style, plan);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.body()).contains("timed out");
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void inventoryFailuresGiveProductsWithUnknownStock(Style style, Plan plan) throws Exception {
        for (Faults broken : List.of(ERRORS, HANGS)) {
            shop = ShopFixture.start(Faults.NONE, Faults.NONE, broken, SHORT_CALLS);
            ShopFixture.Answer answer = search(style, plan);
            assertThat(answer.status()).isEqualTo(200);
            JsonNode json = ShopJson.MAPPER.readTree(answer.body());
            assertThat(json.get("degraded").toString()).isEqualTo("[\"stock\"]");
            assertThat(json.get("user").get("level").asText()).isEqualTo(new UserDirectory().find(7).orElseThrow().level());
            assertThat(json.get("products")).isNotEmpty();
            for (JsonNode p : json.get("products")) assertThat(p.get("stock").isNull()).isTrue();
            shop.close();
            shop = null;
        }
    }

    @ParameterizedTest
    @MethodSource("stylesAndPlans")
    void aHungBackendMeetsTheDeadlineAndEveryCallIsCancelled(Style style, Plan plan) throws Exception {
        // calls may take 10 s, the search only 300 ms: the deadline answers, and abandons the calls
        shop = ShopFixture.start(HANGS, HANGS, HANGS, c -> c.withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300)));
        ShopFixture.Answer answer = search(style, plan);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.body()).contains("deadline");
        Eventually.within(Duration.ofSeconds(2), shop::upstreamsQuiet, "every call cancelled long before its 10 s timeout");
        Eventually.within(Duration.ofSeconds(2), () -> shop.gateway.busyThreads() == 0, "no thread still waiting");
    }
}
