package dev.barista.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** After many failed calls nothing is left behind: no connection, request, waiter or timer. */
class ClientLeakTest {
    private final ClientFixture cx = new ClientFixture();

    @AfterEach
    void tearDown() {
        cx.close();
    }

    /** Sends {@code calls} requests, at most {@code window} at a time, and returns how many failed. */
    private static int hammer(Upstream up, int calls, int window) throws InterruptedException {
        Semaphore permits = new Semaphore(window);
        CountDownLatch done = new CountDownLatch(calls);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < calls; i++) {
            assertThat(permits.tryAcquire(30, TimeUnit.SECONDS)).as("a callback never came").isTrue();
            up.send(ClientRequest.get("/x"), (r, t) -> {
                if (t != null) failures.incrementAndGet();
                permits.release();
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        return failures.get();
    }

    private static void assertNothingLeft(Upstream up) {
        ClientFixture.assertQuiet(up);
        UpstreamStats s = up.stats();
        assertThat(s.openConnections()).isZero();
        assertThat(s.idleConnections()).isZero();
        assertThat(s.liveTimers()).isZero();
        assertThat(s.inFlight()).isZero();
        assertThat(s.waiting()).isZero();
    }

    @Test
    void tenThousandRefusedConnectsLeakNothing() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Upstream up = cx.client(ClientFixture.TEST_CONFIG.withMaxConnections(8).withMaxPending(64))
                .upstream("127.0.0.1", closedPort);
        assertThat(hammer(up, 10_000, 64)).isEqualTo(10_000);
        assertNothingLeft(up);
        assertThat(up.stats().connectionsOpened()).isEqualTo(10_000);
    }

    @Test
    void resetsMidExchangeLeakNothing() throws Exception {
        try (RawUpstream raw = new RawUpstream(s -> {
            RawUpstream.readHead(s);
            s.setSoLinger(true, 0); // close with RST
        })) {
            Upstream up = cx.client(ClientFixture.TEST_CONFIG.withMaxConnections(8).withMaxPending(64)
                    .withRequestTimeout(Duration.ofSeconds(2))).upstream("127.0.0.1", raw.port());
            assertThat(hammer(up, 1_000, 32)).isEqualTo(1_000);
            assertNothingLeft(up);
        }
    }

    @Test
    void timeoutsAndCancellationsLeakNothing() throws Exception {
        try (RawUpstream raw = new RawUpstream(s -> {
            RawUpstream.readHead(s);
            Thread.sleep(10_000);
        })) {
            Upstream up = cx.client(ClientFixture.TEST_CONFIG.withMaxConnections(4).withMaxPending(200)
                    .withRequestTimeout(Duration.ofMillis(100)).withAcquireTimeout(Duration.ofMillis(150)))
                    .upstream("127.0.0.1", raw.port());
            for (int i = 0; i < 100; i++) up.sendAsync(ClientRequest.get("/c")).cancel(true);
            assertThat(hammer(up, 200, 100)).isEqualTo(200);
            assertNothingLeft(up);
        }
    }
}
