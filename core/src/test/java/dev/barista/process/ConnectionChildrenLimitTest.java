package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** At its limit of live children the parent stops accepting: connections wait in the backlog, none is refused. */
class ConnectionChildrenLimitTest {

    @Test
    @Timeout(60)
    void connectionsBeyondTheLimitWaitInTheBacklog() throws Exception {
        ConnectionChildren parent = ConnectionChildren.start(ConnectionChildrenLeakTest.parentConfig(), 2,
                ChildJvm.program("process-per-connection", 2));
        AtomicInteger maxLive = new AtomicInteger();
        Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxLive.accumulateAndGet(parent.liveChildren(), Math::max);
                maxLive.accumulateAndGet((int) ProcessHandle.current().children().count(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            long start = System.nanoTime();
            List<Future<HttpProbe.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) answers.add(clients.submit(() -> HttpProbe.once(parent.port(), "/slow?ms=400")));
            for (Future<HttpProbe.Answer> a : answers) assertThat(a.get().status()).isEqualTo(200);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(maxLive.get()).isLessThanOrEqualTo(2);
            // 8 connections, 2 at a time, 400 ms each: at least four rounds.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1600));
            assertThat(parent.stats().refusedConnections.sum()).isZero();
        } finally {
            sampler.interrupt();
            parent.stop(Duration.ofSeconds(3));
        }
    }
}
