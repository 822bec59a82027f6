package dev.barista.load.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started as its own process (its output goes to a log file), probed until it answers,
 * and stopped: SIGTERM, then after a bounded wait SIGKILL to it and every descendant it left.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServerProcess start(List<String> command, int port, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(p, port, log);
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    int port() {
        return port;
    }

    /**
     * Waits until {@code GET path} answers at all (any status), each probe waiting {@code probeSeconds}; false if
     * the process died or {@code startSeconds} ran out.
     */
    boolean awaitReady(String path, int probeSeconds, int startSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(startSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) return false;
            if (get(path, Duration.ofSeconds(probeSeconds)) > 0) return true;
            Thread.sleep(100);
        }
        return false;
    }

    /** The status of {@code GET path}, or -1 when there was no answer in time. */
    int get(String path, Duration timeout) throws InterruptedException {
        return fetch(path, timeout).statusCode;
    }

    record Fetched(int statusCode, String body) {
    }

    Fetched fetch(String path, Duration timeout) throws InterruptedException {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(timeout).version(HttpClient.Version.HTTP_1_1).GET().build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return new Fetched(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Fetched(-1, "");
        }
    }

    String logTail() {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
        for (ProcessHandle d : descendants) d.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        http.close();
    }
}
