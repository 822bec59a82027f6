package dev.barista.conformance;

import dev.barista.testing.Await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The test's side of the {@code /gate/{key}/{i}} route ({@link ConformanceRoutes}): a handler that says it has
 * started (a file) and then holds until released (another file). Files, because the handler runs in whichever
 * process of the server the connection reached. Each gate has a key of its own, so tests sharing a server do
 * not release each other's requests. Made by {@link ConformanceServers#gate()}.
 */
public final class Gate {
    private static final AtomicInteger KEYS = new AtomicInteger();

    private final Path dir;
    private final String key;

    Gate(Path dir) {
        this.dir = dir;
        this.key = "k" + KEYS.incrementAndGet();
    }

    /** The path of request {@code i} through this gate. */
    public String path(int i) {
        return "/gate/" + key + "/" + i;
    }

    /** How many requests are in their handler (or were). */
    public long entered() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("entered-" + key + "-")).count();
        }
    }

    public boolean entered(int i) {
        return Files.exists(dir.resolve("entered-" + key + "-" + i));
    }

    public void awaitEntered(long count) {
        Await.until(count + " requests in their handler", Duration.ofSeconds(15), () -> {
            try {
                return entered() >= count;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Lets every request held here, and every later one, finish. */
    public void release() throws IOException {
        Files.createFile(dir.resolve("release-" + key));
    }
}
