package dev.barista.process;

import dev.barista.Server;
import dev.barista.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of connections, each served by its own child process, leaves no child, no zombie and no descriptor
 * behind in the parent (this JVM).
 */
class ConnectionChildrenLeakTest {
    private static final int SEQUENTIAL = 80; // a descriptor or child kept per connection shows by then
    private static final int CONCURRENT_CLIENTS = 8;
    private static final int CONCURRENT_EACH = 5;

    static ServerConfig parentConfig() {
        return Server.builder().host("127.0.0.1").port(0).shutdownGrace(Duration.ofSeconds(3)).config();
    }

    @Test
    @Timeout(180) // 125 child JVMs: about 45 s on a quiet machine, far more while other builds share it
    void aRunOfConnectionsLeavesNoChildZombieOrDescriptor() throws Exception {
        ConnectionChildren parent = ConnectionChildren.start(parentConfig(), 4,
                ChildJvm.program("process-per-connection", 4));
        int port = parent.port();
        Set<Long> pids = ConcurrentHashMap.newKeySet();
        int descriptorsBefore;
        try {
            for (int i = 0; i < 3; i++) HttpProbe.once(port, "/pid"); // warm up this JVM's own classes and threads
            Eventually.until("warm-up children reaped", Duration.ofSeconds(10), () -> parent.liveChildren() == 0);
            descriptorsBefore = openDescriptors();

            long start = System.nanoTime();
            for (int i = 0; i < SEQUENTIAL; i++) {
                HttpProbe.Answer a = HttpProbe.once(port, "/pid");
                assertThat(a.status()).isEqualTo(200);
                pids.add(Long.parseLong(a.body().trim()));
            }
            double perConnection = (System.nanoTime() - start) / 1e6 / SEQUENTIAL;

            try (ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS)) {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < CONCURRENT_EACH; i++) {
                            HttpProbe.Answer a = HttpProbe.once(port, "/pid");
                            assertThat(a.status()).isEqualTo(200);
                            pids.add(Long.parseLong(a.body().trim()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) f.get();
            }

            // One child serves a whole keep-alive connection.
            try (HttpProbe keepAlive = new HttpProbe(port)) {
                Set<String> servedBy = new HashSet<>();
                for (int i = 0; i < 5; i++) servedBy.add(keepAlive.get("/pid").body());
                assertThat(servedBy).hasSize(1);
            }

            Eventually.until("every child reaped", Duration.ofSeconds(15), () -> parent.liveChildren() == 0);
            assertThat(pids).as("one child per connection").hasSize(SEQUENTIAL + CONCURRENT_CLIENTS * CONCURRENT_EACH);
            assertThat(parent.spawned()).isEqualTo(3 + SEQUENTIAL + CONCURRENT_CLIENTS * CONCURRENT_EACH + 1);
            assertNoneLeftBehind(pids);
            Eventually.until("descriptors back to " + descriptorsBefore, Duration.ofSeconds(5),
                    () -> openDescriptors() <= descriptorsBefore);
            System.out.printf("process-per-connection: %d sequential connections, %.1f ms each (connect, spawn, "
                    + "answer, close); mean child lifetime %.1f ms%n", SEQUENTIAL, perConnection,
                    parent.meanChildLifetimeMillis());
        } finally {
            parent.stop(Duration.ofSeconds(3));
        }
        assertNoneLeftBehind(pids);
        assertThat(openDescriptors()).as("the listening socket is closed too").isLessThan(descriptorsBefore);
    }

    /** No child of ours is left: not running, and not a zombie either (a zombie still lists as a child). */
    static void assertNoneLeftBehind(Set<Long> pids) throws IOException {
        List<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).toList();
        assertThat(children).doesNotContainAnyElementsOf(pids);
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<String> zombies = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> status(p.resolve("status")))
                    .filter(s -> s.contains("\nPPid:\t" + self + "\n") && s.contains("\nState:\tZ"))
                    .toList();
            assertThat(zombies).isEmpty();
        }
    }

    private static String status(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // gone meanwhile
        }
    }

    static int openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
