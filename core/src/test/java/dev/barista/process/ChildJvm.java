package dev.barista.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProcessTestServer} running in a JVM of its own (a master or a parent), started from the test's
 * class path. Its output is collected; {@link #close} kills whatever of its process tree is left.
 * Public for the conformance suite ({@code dev.barista.conformance}).
 */
public final class ChildJvm implements AutoCloseable {
    /** The JDK's logging defaults, less the failures the test routes cause on purpose ({@link ExpectedFailureFilter}). */
    private static final Path LOGGING_CONFIG = resource("child-jvm-logging.properties");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<int[]> ready = new CompletableFuture<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon(true).name("child-jvm-output").start(this::pump);
    }

    /** Starts the test server under {@code model} with {@code processes} and waits until it prints READY. */
    public static ChildJvm start(String model, int processes) throws IOException, InterruptedException {
        return start(model, processes, List.of());
    }

    /** The same with {@link ProcessTestServer}'s {@code key=value} settings (timeouts, limits, ...). */
    public static ChildJvm start(String model, int processes, List<String> settings)
            throws IOException, InterruptedException {
        return new ChildJvm(new ProcessBuilder(command(model, processes, settings)).redirectErrorStream(true).start())
                .awaitReady();
    }

    /** The command that runs the test server: this JVM's java and class path. */
    static List<String> command(String model, int processes) {
        return command(model, processes, List.of());
    }

    static List<String> command(String model, int processes, List<String> settings) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-ea", "--enable-native-access=ALL-UNNAMED", "-Xss1m", "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.config.file=" + LOGGING_CONFIG,
                "-cp", System.getProperty("java.class.path"), ProcessTestServer.class.getName(), model,
                Integer.toString(processes)));
        cmd.addAll(settings);
        return cmd;
    }

    /** The same program as a {@link ProgramCommand}, for a master or parent started inside the test JVM. */
    static ProgramCommand program(String model, int processes) {
        List<String> cmd = command(model, processes);
        int main = cmd.indexOf(ProcessTestServer.class.getName());
        return new ProgramCommand(cmd.getFirst(), cmd.subList(1, main), List.of(cmd.get(main)),
                cmd.subList(main + 1, cmd.size()));
    }

    private static Path resource(String name) {
        try {
            return Path.of(ChildJvm.class.getResource(name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ChildJvm awaitReady() throws InterruptedException, IOException {
        try {
            ready.get(60, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            close();
            throw new IOException("test server did not start: " + output, e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                if (line.startsWith("READY ")) {
                    ready.complete(java.util.Arrays.stream(line.substring(6).trim().split(" "))
                            .mapToInt(Integer::parseInt).toArray());
                }
            }
        } catch (IOException ignored) {
            // the process is gone
        } finally {
            ready.completeExceptionally(new IOException("exited before READY"));
        }
    }

    public int port() {
        return ready.join()[0];
    }

    /** The TLS listener's port, or -1 when the server has none. */
    public int securePort() {
        int[] ports = ready.join();
        return ports.length > 1 ? ports[1] : -1;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    /** Its child processes now (prefork workers, connection children). */
    public List<ProcessHandle> children() {
        return process.toHandle().children().toList();
    }

    public boolean awaitExit(Duration wait) throws InterruptedException {
        return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM (a graceful stop that cleans up), then SIGKILL for anything of its tree still alive. */
    @Override
    public void close() {
        List<ProcessHandle> tree = new ArrayList<>(process.toHandle().descendants().toList());
        try {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
