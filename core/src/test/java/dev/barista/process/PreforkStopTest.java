package dev.barista.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM drains every worker (a request in flight is answered), then the master exits; workers never outlive it. */
class PreforkStopTest {

    @Test
    @Timeout(60)
    void sigtermStopsGracefully() throws Exception {
        try (ChildJvm master = ChildJvm.start("prefork", 2)) {
            Eventually.until("two workers", Duration.ofSeconds(10), () -> master.children().size() == 2);
            List<ProcessHandle> workers = master.children();
            CompletableFuture<HttpProbe.Answer> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return HttpProbe.once(master.port(), "/slow?ms=1500");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500); // the request is being served

            assertThat(Posix.kill(master.pid(), Posix.SIGTERM)).isTrue();

            HttpProbe.Answer answer = inFlight.get();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).startsWith("slow ");
            assertThat(master.awaitExit(Duration.ofSeconds(15))).isTrue();
            // The JVM's own handling of SIGTERM ends the master, after the workers: 128 + 15.
            assertThat(master.process().exitValue()).isEqualTo(143);
            assertThat(workers).noneMatch(ProcessHandle::isAlive);
            assertThat(String.join("\n", master.output())).contains("stopping 2 workers");
        }
    }

    @Test
    @Timeout(60)
    void workersDieWithTheirMaster() throws Exception {
        try (ChildJvm master = ChildJvm.start("prefork", 2)) {
            Eventually.until("two workers", Duration.ofSeconds(10), () -> master.children().size() == 2);
            List<ProcessHandle> workers = master.children();

            master.process().destroyForcibly(); // SIGKILL: no chance to tell anyone

            Eventually.until("the orphaned workers exit", Duration.ofSeconds(15),
                    () -> workers.stream().noneMatch(ProcessHandle::isAlive));
            removeIpcDirectoryOf(master.pid()); // a killed master cannot (the next one would sweep it)
        }
    }

    private static void removeIpcDirectoryOf(long pid) throws IOException {
        try (var dirs = Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "barista-prefork-" + pid + "-*")) {
            for (Path dir : dirs) {
                Files.deleteIfExists(dir.resolve("master.sock"));
                Files.deleteIfExists(dir);
            }
        }
    }
}
