package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** A graceful stop drains the children: a request in flight is answered, an idle keep-alive child closes now. */
class ConnectionChildrenStopTest {

    @Test
    @Timeout(60)
    void aStopLetsInFlightRequestsFinishAndClosesIdleChildren() throws Exception {
        ConnectionChildren parent = ConnectionChildren.start(ConnectionChildrenLeakTest.parentConfig(), 4,
                ChildJvm.program("process-per-connection", 4));
        try (HttpProbe idle = new HttpProbe(parent.port())) {
            long idlePid = Long.parseLong(idle.get("/pid").body().trim()); // its child now waits for a next request
            CompletableFuture<HttpProbe.Answer> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return HttpProbe.once(parent.port(), "/slow?ms=2000");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(1200); // both children are past their boot and busy or idle

            long start = System.nanoTime();
            parent.stop(Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(inFlight.get().status()).isEqualTo(200);
            assertThat(took).as("the idle child did not hold the stop for its idle timeout").isLessThan(Duration.ofSeconds(4));
            assertThat(ProcessHandle.of(idlePid)).isEmpty();
            assertThat(parent.liveChildren()).isZero();
        } finally {
            parent.stop(Duration.ofSeconds(1));
        }
    }
}
