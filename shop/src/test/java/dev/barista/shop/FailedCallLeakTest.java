package dev.barista.shop;

import dev.barista.client.UpstreamStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 searches whose product call fails (nine in ten are errors, one in ten a timeout) across every style
 * and plan: afterwards no call is in flight or waiting, no timer is armed, the connections are at most the
 * pool's bound and idle, no gateway thread is busy, and the server has no more threads than after the first 4,000.
 */
class FailedCallLeakTest {
    private static final int SEARCHES = 10_000;
    private static final int CONCURRENCY = 48;
    private ShopFixture shop;

    @AfterEach
    void stop() {
        if (shop != null) shop.close();
    }

    @Test
    void tenThousandFailedCallsLeakNothing() throws Exception {
        Faults failing = Faults.NONE.withErrorRate(0.9).withTimeoutRate(0.1).withHang(Duration.ofMillis(600));
        shop = ShopFixture.start(Faults.NONE, failing, Faults.NONE,
                c -> c.withTimeouts(Duration.ofMillis(100), Duration.ofSeconds(5)).withConnections(16, 4096));

        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        // Bounded pools (the blocking style's workers, the HTTP client's, carriers) fill up during the first
        // rounds; a leak would keep growing with the calls, so compare 4,000 calls in with 10,000.
        run(4_000, statuses);
        Map<String, Long> threadsAfterFirstRounds = serverThreads();
        run(SEARCHES - 4_000, statuses);

        assertThat(statuses.keySet()).containsOnly(502, 504);
        assertThat(statuses.values().stream().mapToLong(LongAdder::sum).sum()).isEqualTo(SEARCHES);
        Eventually.within(Duration.ofSeconds(5), shop::upstreamsQuiet, "no call in flight or waiting");
        Eventually.within(Duration.ofSeconds(5), () -> shop.gateway.busyThreads() == 0, "no gateway thread busy");
        assertThat(shop.gateway.searchesInProgress()).isZero();
        for (UpstreamStats s : shop.gateway.upstreamStats()) {
            assertThat(s.inFlight()).isZero();
            assertThat(s.waiting()).isZero();
            assertThat(s.openConnections()).isLessThanOrEqualTo(16).isEqualTo(s.idleConnections());
            assertThat(s.liveTimers()).as("only idle connections' timers").isLessThanOrEqualTo(s.idleConnections());
        }
        Map<String, Long> threadsAtEnd = serverThreads();
        assertThat(total(threadsAtEnd)).as("threads do not grow with failed calls: %s, then %s",
                threadsAfterFirstRounds, threadsAtEnd).isLessThanOrEqualTo(total(threadsAfterFirstRounds) + 8);
    }

    /**
     * Live threads by name with the numbers taken out, leaving out the test's own JDK client: its default executor
     * is an unbounded cached pool that grows with how the machine schedules its callbacks, not with the server.
     */
    private static Map<String, Long> serverThreads() {
        Map<String, Long> groups = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-")) continue;
            groups.merge(thread.getName().replaceAll("\\d+", "#"), 1L, Long::sum);
        }
        return groups;
    }

    private static long total(Map<String, Long> groups) {
        return groups.values().stream().mapToLong(Long::longValue).sum();
    }

    private void run(int count, Map<Integer, LongAdder> statuses) throws InterruptedException {
        Semaphore slots = new Semaphore(CONCURRENCY);
        AtomicInteger sent = new AtomicInteger();
        Style[] styles = Style.values();
        Plan[] plans = Plan.values();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            int n = sent.getAndIncrement();
            String target = "/search?q=tea&user=" + (1 + n % 1000) + "&style=" + styles[n % styles.length].label()
                    + "&plan=" + plans[(n / styles.length) % plans.length].label();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shop.server.port() + target))
                    .timeout(Duration.ofSeconds(20)).build();
            shop.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                int status = failure != null ? -1 : response.statusCode();
                statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                slots.release();
            });
        }
        slots.acquire(CONCURRENCY);
        slots.release(CONCURRENCY);
    }
}
