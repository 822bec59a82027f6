package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The master sums its workers' counters, reported over IPC, and keeps them across a reload. */
class PreforkStatsTest {

    @Test
    @Timeout(90)
    void theMasterSumsEveryWorkersCountersAcrossAReload() throws Exception {
        PreforkMaster master = PreforkMaster.start(PreforkRestartTest.masterConfig(), 2, ChildJvm.program("prefork", 2));
        try {
            Set<String> servedBy = new HashSet<>();
            for (int i = 0; i < 40; i++) servedBy.add(HttpProbe.once(master.port(), "/pid").body());
            assertThat(servedBy).as("the kernel spreads connections over both workers").hasSize(2);

            Eventually.until("40 requests reported", Duration.ofSeconds(5), () -> master.aggregate().requests() == 40);
            assertThat(master.aggregate().acceptedConnections()).isEqualTo(40);
            assertThat(master.workers()).allSatisfy(w -> assertThat(w.stats().requests()).isPositive());
            assertThat(master.stats().requests.sum()).isEqualTo(40);

            master.reload();
            Eventually.until("reload done", Duration.ofSeconds(30), () -> master.reloads() == 1
                    && master.workers().stream().allMatch(w -> w.generation() == 2));
            for (int i = 0; i < 10; i++) HttpProbe.once(master.port(), "/pid");
            // The old workers' final counters stay in the totals.
            Eventually.until("50 requests reported", Duration.ofSeconds(5), () -> master.aggregate().requests() == 50);
            Eventually.until("no connection open", Duration.ofSeconds(5), () -> master.aggregate().openConnections() == 0);
        } finally {
            master.stop(Duration.ofSeconds(2));
        }
    }
}
