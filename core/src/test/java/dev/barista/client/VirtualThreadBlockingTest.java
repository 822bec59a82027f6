package dev.barista.client;

import dev.barista.Server;
import dev.barista.http.Response;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking face from 1,000 virtual threads over a pool of 8: all complete, the server never sees more than 8 at
 * once, and far more threads wait inside {@code send} at the same time than there are carriers — which is only
 * possible if a waiting virtual thread parks without holding its carrier.
 */
class VirtualThreadBlockingTest {
    private final ServerFixture fx = new ServerFixture();
    private final ClientFixture cx = new ClientFixture();

    @AfterEach
    void tearDown() {
        cx.close();
        fx.close();
    }

    @Test
    void thousandVirtualThreadsShareEightConnections() throws Exception {
        AtomicInteger serving = new AtomicInteger();
        AtomicInteger maxServing = new AtomicInteger();
        Server server = fx.start(ServerFixture.builder().workers(32, 1024).get("/work", r -> {
            maxServing.accumulateAndGet(serving.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } finally {
                serving.decrementAndGet();
            }
            return Response.text("done");
        }));
        Upstream up = cx.client(ClientFixture.TEST_CONFIG.withMaxConnections(8).withMaxPending(1000)
                .withAcquireTimeout(Duration.ofSeconds(20)).withRequestTimeout(Duration.ofSeconds(20)))
                .upstream("127.0.0.1", server.port());

        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger maxWaiting = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 1000; i++) {
                threads.submit(() -> {
                    maxWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                    try {
                        if (up.send(ClientRequest.get("/work")).bodyText().equals("done")) ok.incrementAndGet();
                    } finally {
                        waiting.decrementAndGet();
                    }
                    return null;
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ok.get()).isEqualTo(1000);
        assertThat(maxServing.get()).isLessThanOrEqualTo(8);
        assertThat(server.stats().acceptedConnections.sum()).isLessThanOrEqualTo(8);
        int carriers = Runtime.getRuntime().availableProcessors();
        assertThat(maxWaiting.get()).isGreaterThan(Math.max(100, 10 * carriers));
        ClientFixture.assertQuiet(up);
    }
}
