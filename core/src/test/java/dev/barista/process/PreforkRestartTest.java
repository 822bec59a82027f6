package dev.barista.process;

import dev.barista.Server;
import dev.barista.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker killed with SIGKILL under light load is replaced within a second; the server keeps answering. */
class PreforkRestartTest {

    static ServerConfig masterConfig() {
        return Server.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(2)).config();
    }

    @Test
    @Timeout(90)
    void aKilledWorkerIsReplacedWithinASecondAndTheServerKeepsAnswering() throws Exception {
        PreforkMaster master = PreforkMaster.start(masterConfig(), 2, ChildJvm.program("prefork", 2));
        try (LoadRun load = new LoadRun(master.port(), 4, 2)) {
            load.awaitMore(50);
            WorkerStatus victim = master.workers().getFirst();

            long killedAt = System.nanoTime();
            ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
            long replaced = Eventually.until("a new worker in slot " + victim.slot(), Duration.ofSeconds(5),
                    () -> master.workers().stream().anyMatch(w -> w.slot() == victim.slot() && w.pid() != victim.pid()));
            assertThat(Duration.ofNanos(replaced)).isLessThan(Duration.ofSeconds(1));

            Eventually.until("the replacement is ready", Duration.ofSeconds(30),
                    () -> master.workers().size() == 2 && master.workers().stream().allMatch(WorkerStatus::ready));
            load.awaitMore(100);
            load.close();

            // What the dead worker held is lost: a request on one of its connections fails before any answer
            // and is retried on a new connection, as HTTP clients do for idempotent requests; only a retry that
            // the kernel had just queued on the dying socket fails too. At most one per client, at the kill.
            assertThat(load.failures).hasSizeLessThanOrEqualTo(4);
            assertThat(load.failureTimes).allMatch(t -> t - killedAt < Duration.ofMillis(500).toNanos());
            assertThat(master.restarts()).isEqualTo(1);
            long replacement = master.workers().stream().filter(w -> w.slot() == victim.slot())
                    .mapToLong(WorkerStatus::pid).findFirst().orElseThrow();
            assertThat(ProcessHandle.of(victim.pid())).isEmpty();
            assertThat(replacement).isNotEqualTo(victim.pid());
        } finally {
            master.stop(Duration.ofSeconds(2));
        }
        assertThat(master.workers()).isEmpty();
    }
}
