package dev.barista.process;

import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a prefork master with a readiness delay: every worker answers readiness 503 at once, yet keeps
 * serving (keep-alive kept, new connections accepted) for the delay; then the workers drain and all exit.
 */
class PreforkReadinessDelayTest {

    @Test
    @Timeout(60)
    void workersTurnNotReadyAndKeepServingForTheDelay() throws Exception {
        try (ChildJvm server = ChildJvm.start("prefork", 2, List.of("readinessDelay=3000", "grace=2000"))) {
            RawClient kept = RawClient.connect(server.port());
            assertThat(kept.send(RawClient.get("/ready")).read().status()).isEqualTo(200);
            long stopAt = System.nanoTime();
            server.process().destroy(); // SIGTERM

            Eventually.until("readiness 503 on the kept connection", Duration.ofSeconds(2),
                    () -> readiness(kept) == 503);
            RawResponse hello = kept.send(RawClient.get("/hello")).read();
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.closes()).as("keep-alive kept during the delay").isFalse();
            for (int i = 0; i < 10; i++) { // whichever worker the kernel picks
                try (RawClient fresh = RawClient.connect(server.port())) {
                    assertThat(fresh.send(RawClient.get("/ready")).read().status()).isEqualTo(503);
                }
            }
            assertThat(System.nanoTime() - stopAt).as("all that within the delay").isLessThan(3_000_000_000L);

            assertThat(server.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(System.nanoTime() - stopAt).as("the stop waited the delay").isGreaterThanOrEqualTo(3_000_000_000L);
            kept.close();
        }
    }

    private static int readiness(RawClient client) {
        try {
            return client.send(RawClient.get("/ready")).read().status();
        } catch (IOException e) {
            return -1;
        }
    }
}
