package dev.barista.shop;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under the concurrent plan a failed product query makes the user call useless: every style answers 502 at
 * once and cancels the user call, which would otherwise wait for its 10 s timeout.
 */
class SiblingCancellationTest {
    private ShopFixture shop;

    @AfterEach
    void stop() {
        if (shop != null) shop.close();
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void aFailedProductQueryCancelsTheUserCall(Style style) throws Exception {
        InFlight user = new InFlight();
        ShopBackends.Settings settings = ShopBackends.Settings.defaults(ShopFixture.CATALOG)
                .withFaults(Faults.NONE.withTimeoutRate(1).withHang(Duration.ofSeconds(15)),
                        Faults.latency(Delay.fixed(Duration.ofMillis(50))).withErrorRate(1), Faults.NONE)
                .withInFlight(user, new InFlight(), new InFlight());
        shop = new ShopFixture(settings, c -> c.withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(12)), "reactor");

        ShopFixture.Answer answer = shop.get("/search?q=coffee&user=7&plan=concurrent&style=" + style.label());

        assertThat(answer.status()).isEqualTo(502);
        assertThat(user.now()).as("the user service saw the call, and is still holding it").isEqualTo(1);
        Eventually.within(Duration.ofSeconds(2), shop::upstreamsQuiet, "the user call cancelled, not timed out");
        Eventually.within(Duration.ofSeconds(2), () -> shop.gateway.busyThreads() == 0, "no thread left waiting");
    }
}
