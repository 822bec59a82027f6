package dev.barista.shop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With latency injected, the user and product services share one in-flight gauge: one search at a time under
 * the concurrent plan must hold both calls at once (peak 2); under the chain, never (peak 1). No clock is read.
 */
class ConcurrentPlanOverlapTest {
    private static final InFlight USER_AND_PRODUCT = new InFlight();
    private static ShopFixture shop;

    @BeforeAll
    static void start() throws Exception {
        Faults slow = Faults.latency(Delay.fixed(Duration.ofMillis(40)));
        ShopBackends.Settings settings = ShopBackends.Settings.defaults(ShopFixture.CATALOG)
                .withFaults(slow, slow, slow).withInFlight(USER_AND_PRODUCT, USER_AND_PRODUCT, new InFlight());
        shop = new ShopFixture(settings, c -> c, "reactor");
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void concurrentPlanOverlapsTheUserAndProductCalls(Style style) throws Exception {
        for (int i = 0; i < 3; i++) {
            USER_AND_PRODUCT.resetPeak();
            assertThat(shop.get("/search?q=tea&user=" + (10 + i) + "&plan=concurrent&style=" + style.label()).status())
                    .isEqualTo(200);
            assertThat(USER_AND_PRODUCT.peak()).as("both calls in flight at once").isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void chainPlanCallsOneAfterTheOther(Style style) throws Exception {
        for (int i = 0; i < 3; i++) {
            USER_AND_PRODUCT.resetPeak();
            assertThat(shop.get("/search?q=tea&user=" + (10 + i) + "&plan=chain&style=" + style.label()).status())
                    .isEqualTo(200);
            assertThat(USER_AND_PRODUCT.peak()).as("one call at a time").isEqualTo(1);
        }
    }
}
