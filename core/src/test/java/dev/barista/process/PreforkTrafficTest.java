package dev.barista.process;

import dev.barista.server.CloseReason;
import dev.barista.server.DurationHistogram;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.StatsSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic figures (responses by route, latency, closes, loop busy time and lag) travel over IPC, and a
 * prefork master's whole-server snapshot adds up every worker's.
 */
class PreforkTrafficTest {

    @Test
    void trafficSurvivesTheSnapshotCodec() {
        long[] counts = new long[DurationHistogram.BOUNDS_NANOS.length + 1];
        counts[0] = 3;
        counts[counts.length - 1] = 1;
        DurationHistogram.Snapshot h = new DurationHistogram.Snapshot(counts, 12_000_000_000L);
        ServerSnapshot s = new ServerSnapshot("prefork", false, 1, StatsSnapshot.ZERO,
                new ServerSnapshot.Threads(10, 10, 8, 0, 0, null),
                new ServerSnapshot.Loops(1, 2, 3, 4_000, 0.25, h), null, null, null,
                new ServerSnapshot.Traffic(List.of(
                        new ServerSnapshot.RouteTraffic("GET", "/users/{id}", Map.of("2xx", 3L, "5xx", 1L), h),
                        new ServerSnapshot.RouteTraffic("", "<unmatched>", Map.of("4xx", 7L), h)),
                        Map.of("client_closed", 5L, "idle_timeout", 2L), 9, 1));
        ByteBuffer frame = new IpcMessage.Stats(s).encode();
        frame.getInt(); // length
        IpcMessage decoded = IpcMessage.decode(frame);
        assertThat(decoded).isEqualTo(new IpcMessage.Stats(s));
    }

    @Test
    @Timeout(90)
    void theMasterAddsUpEveryWorkersTraffic() throws Exception {
        PreforkMaster master = PreforkMaster.start(PreforkRestartTest.masterConfig(), 2,
                StatsTestServer.program("prefork", 2));
        try {
            for (int i = 0; i < 30; i++) assertThat(HttpProbe.once(master.port(), "/pid").status()).isEqualTo(200);
            for (int i = 0; i < 5; i++) assertThat(HttpProbe.once(master.port(), "/none/" + i).status()).isEqualTo(404);
            Eventually.until("every worker's report in the master", Duration.ofSeconds(5), () -> {
                ServerSnapshot.Traffic t = master.snapshot().traffic();
                ServerSnapshot.RouteTraffic pid = t == null ? null : t.route("GET", "/pid");
                return pid != null && pid.count() == 30 && t.closed(CloseReason.RESPONSE_CLOSE) >= 35;
            });
            ServerSnapshot whole = master.snapshot();
            assertThat(whole.traffic().route("GET", "/pid").duration().count()).isEqualTo(30);
            assertThat(whole.traffic().route("", "<unmatched>").responses()).isEqualTo(Map.of("4xx", 5L));
            assertThat(whole.eventLoops().count()).isEqualTo(2);
            assertThat(whole.eventLoops().busyNanos()).isPositive();

            // Asked through a worker, the answer is the whole server's too (its own share is fresh).
            Map<String, String> answer = words(HttpProbe.once(master.port(), "/whole").body());
            assertThat(answer.get("pid_route")).isEqualTo("30/30");
            assertThat(answer.get("unmatched")).isEqualTo("5/5");
        } finally {
            master.stop(Duration.ofSeconds(2));
        }
    }

    private static Map<String, String> words(String body) {
        Map<String, String> words = new HashMap<>();
        for (String word : body.trim().split(" ")) {
            int eq = word.indexOf('=');
            words.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return words;
    }
}
