package dev.barista.client;

import dev.barista.testing.Await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients for a test, closed at teardown, and the "nothing left behind" check every client test ends with. */
final class ClientFixture implements AutoCloseable {
    /** Short waits, so failure tests finish quickly; the pool is small enough to reach its bounds. */
    static final ClientConfig TEST_CONFIG = ClientConfig.DEFAULTS.withMaxConnections(4).withMaxPending(16)
            .withConnectTimeout(Duration.ofSeconds(2)).withAcquireTimeout(Duration.ofSeconds(2))
            .withRequestTimeout(Duration.ofSeconds(5));

    private final List<BaristaClient> clients = new ArrayList<>();

    BaristaClient client(ClientConfig config) {
        BaristaClient c = new BaristaClient(config);
        clients.add(c);
        return c;
    }

    BaristaClient client() {
        return client(TEST_CONFIG);
    }

    /** Waits until the upstream holds no request, waiter or timer beyond its idle connections' timers. */
    static void assertQuiet(Upstream upstream) {
        Await.until("upstream " + upstream + " quiet", Duration.ofSeconds(5), () -> {
            UpstreamStats s = upstream.stats();
            return s.inFlight() == 0 && s.waiting() == 0 && s.liveTimers() == s.idleConnections()
                    && s.openConnections() == s.idleConnections();
        });
        UpstreamStats s = upstream.stats();
        assertThat(s.inFlight()).isZero();
        assertThat(s.waiting()).isZero();
    }

    @Override
    public void close() {
        for (BaristaClient c : clients) c.close();
        clients.clear();
    }
}
