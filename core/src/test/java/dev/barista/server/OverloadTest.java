package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactor's kitchen is bounded: with every worker busy and the queue full, a blocking request is answered
 * 503 with Retry-After at once, the event loops keep serving non-blocking routes, and service resumes when
 * the workers free up.
 */
class OverloadTest {
    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();

    @AfterEach
    void tearDown() {
        release.countDown();
        fx.close();
    }

    @Test
    void fullKitchenAnswers503AndRecovers() throws Exception {
        Server server = fx.start(ServerFixture.builder().model(Model.named("reactor")).workers(1, 1)
                .get("/wait", r -> {
                    entered.incrementAndGet();
                    if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    return Response.text("served");
                })
                .get("/counter", Endpoint.nonBlocking(r -> Response.text("counter"))));

        RawClient running = fx.raw();
        running.send(RawClient.get("/wait"));
        Await.until("the only worker to be busy", () -> entered.get() == 1);

        // Three more at once: one fits in the queue, the other two find the kitchen full.
        List<RawClient> extra = new ArrayList<>();
        for (int i = 0; i < 3; i++) extra.add(fx.raw().send(RawClient.get("/wait")));
        Await.until("two rejections", () -> server.stats().rejectedWork.sum() == 2);

        int queued = -1;
        for (int i = 0; i < extra.size(); i++) {
            RawClient client = extra.get(i);
            // A rejected request has its answer already; the queued one stays quiet.
            if (!client.answersWithin(java.time.Duration.ofMillis(200))) {
                assertThat(queued).as("only one request fits in the queue").isEqualTo(-1);
                queued = i;
                continue;
            }
            RawResponse rejected = client.read();
            assertThat(rejected.status()).isEqualTo(503);
            assertThat(rejected.header("Retry-After")).isNotBlank();
            // The connection stays usable: the counter still serves.
            assertThat(client.send(RawClient.get("/counter")).read().bodyText()).isEqualTo("counter");
        }
        assertThat(queued).as("one request waits in the queue").isNotEqualTo(-1);
        assertThat(entered.get()).isEqualTo(1);

        // Non-blocking routes are served at the counter meanwhile.
        assertThat(fx.raw().send(RawClient.get("/counter")).read().bodyText()).isEqualTo("counter");

        release.countDown();
        assertThat(running.read().bodyText()).isEqualTo("served");
        assertThat(extra.get(queued).read().bodyText()).isEqualTo("served");
        for (int i = 0; i < 3; i++) {
            RawResponse response = fx.raw().send(RawClient.get("/wait")).read();
            assertThat(response.status()).isEqualTo(200);
        }
        assertThat(server.stats().rejectedWork.sum()).isEqualTo(2);
    }
}
