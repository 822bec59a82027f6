package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGHUP under load: new workers start, then the old ones drain; no request fails. */
class PreforkReloadTest {

    @Test
    @Timeout(90)
    void aReloadUnderLoadLosesNoRequest() throws Exception {
        try (ChildJvm master = ChildJvm.start("prefork", 2)) {
            Eventually.until("two workers", Duration.ofSeconds(10), () -> master.children().size() == 2);
            Set<Long> before = pids(master.children());
            try (LoadRun load = new LoadRun(master.port(), 4, 1)) {
                load.awaitMore(200);

                assertThat(Posix.kill(master.pid(), Posix.SIGHUP)).isTrue();
                try {
                    Eventually.until("the old workers gone and two new ones serving", Duration.ofSeconds(45), () -> {
                        Set<Long> now = pids(master.children());
                        return now.size() == 2 && now.stream().noneMatch(before::contains);
                    });
                } catch (AssertionError e) {
                    // Seen once in CI and not reproduced since: say what the master saw, and who is still alive.
                    throw new AssertionError(e.getMessage() + "; workers before " + before + ", now "
                            + pids(master.children()) + "; the master said:\n" + String.join("\n", master.output()), e);
                }
                Set<Long> after = pids(master.children());
                load.awaitMore(200);
                load.close();

                assertThat(load.failures).isEmpty();
                // Four keep-alive clients connect once before and once after the reload: the kernel's
                // SO_REUSEPORT hash may put all four on one worker each time (1 run in 8), so require an old
                // worker and a new one, not every worker.
                assertThat(load.pids).as("served by the old workers and the new").containsAnyElementsOf(before)
                        .containsAnyElementsOf(after);
                System.out.printf("reload under load: %d requests, %d retried after a keep-alive close, 0 failed%n",
                        load.ok.get(), load.retries.get());
            }
            assertThat(master.process().isAlive()).isTrue();
            assertThat(String.join("\n", master.output())).contains("reload done");
        }
    }

    static Set<Long> pids(List<ProcessHandle> processes) {
        return Set.copyOf(processes.stream().map(ProcessHandle::pid).toList());
    }
}
