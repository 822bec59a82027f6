package dev.barista.server;

import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's JFR events appear in a recording: requests (when enabled), blocked loops, rejected work. */
class JfrEventsTest {
    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    private RecordingStream recording;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (recording != null) recording.close();
        fx.close();
    }

    private void record(String... names) throws InterruptedException {
        recording = new RecordingStream();
        for (String name : names) {
            recording.enable(name);
            recording.onEvent(name, events::add);
        }
        CountDownLatch started = new CountDownLatch(1);
        recording.onFlush(started::countDown);
        recording.setMaxAge(Duration.ofMinutes(1));
        recording.startAsync();
        started.await(10, TimeUnit.SECONDS);
    }

    private List<RecordedEvent> named(String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void eachRequestIsAnEventWithMethodRouteStatusAndLatency() throws Exception {
        record("dev.barista.Request");
        fx.start(ServerFixture.builder().model("reactor")
                .get("/users/{id}", Endpoint.nonBlocking(r -> Response.text("user")))
                .get("/slow", r -> {
                    Thread.sleep(20);
                    return Response.text("slow");
                }));
        try (RawClient c = fx.raw()) {
            c.send(RawClient.get("/users/1")).read();
            c.send(RawClient.get("/slow")).read();
            c.send(RawClient.get("/missing")).read();
        }
        Await.until("three request events", Duration.ofSeconds(10), () -> named("dev.barista.Request").size() >= 3);
        List<RecordedEvent> requests = named("dev.barista.Request");
        RecordedEvent users = requests.stream().filter(e -> e.getString("route").equals("/users/{id}")).findFirst()
                .orElseThrow();
        assertThat(users.getString("method")).isEqualTo("GET");
        assertThat(users.getInt("status")).isEqualTo(200);
        RecordedEvent slow = requests.stream().filter(e -> e.getString("route").equals("/slow")).findFirst()
                .orElseThrow();
        assertThat(slow.getDuration("latency")).isGreaterThanOrEqualTo(Duration.ofMillis(20));
        assertThat(requests).anyMatch(e -> e.getString("route").equals("<unmatched>") && e.getInt("status") == 404);
    }

    @Test
    void aBlockedLoopIsAnEventWithTheLoopsStack() throws Exception {
        record("dev.barista.BlockedLoop");
        fx.start(ServerFixture.builder().model("event-loop").blockedLoopThreshold(Duration.ofMillis(100))
                .get("/block", Endpoint.nonBlocking(r -> {
                    Thread.sleep(400); // the mistake the watchdog exists for
                    return Response.text("done");
                })));
        try (RawClient c = fx.raw()) {
            assertThat(c.send(RawClient.get("/block")).read().status()).isEqualTo(200);
        }
        Await.until("a blocked-loop event", Duration.ofSeconds(10), () -> !named("dev.barista.BlockedLoop").isEmpty());
        RecordedEvent blocked = named("dev.barista.BlockedLoop").getFirst();
        assertThat(blocked.getDuration("blockedFor")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(blocked.getString("loopStack")).contains("Thread.sleep");
        assertThat(fx.server().snapshot().eventLoops().blockedTurns()).isPositive();
    }

    @Test
    void rejectedWorkIsAnEvent() throws Exception {
        record("dev.barista.RejectedWork");
        CountDownLatch entered = new CountDownLatch(1);
        fx.start(ServerFixture.builder().model("reactor").workers(1, 0)
                .get("/wait", r -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return Response.text("served");
                }));
        RawClient first = fx.raw().send(RawClient.get("/wait"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(fx.raw().send(RawClient.get("/wait")).read().status()).isEqualTo(503);
        release.countDown();
        assertThat(first.read().status()).isEqualTo(200);
        Await.until("a rejected-work event", Duration.ofSeconds(10), () -> !named("dev.barista.RejectedWork").isEmpty());
        RecordedEvent rejected = named("dev.barista.RejectedWork").getFirst();
        assertThat(rejected.getString("what")).isEqualTo("worker_pool");
        assertThat(rejected.getString("route")).isEqualTo("/wait");
    }
}
