package dev.barista.conformance;

import dev.barista.model.Model;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The servers of one conformance test class, registered as a static extension:
 * <pre>{@code
 * @RegisterExtension
 * static final ConformanceServers servers = new ConformanceServers("limits=64,256,5,1000,64");
 * ...
 * ConformanceServer server = servers.server(model);
 * }</pre>
 * Under a model that serves from this JVM, a {@link #server} is started for the test and stopped after it
 * (cheap, and its counters then count that test alone). Under a multi-process model it runs in a JVM of its own,
 * started on first use and shared by the class's tests with the same model and settings (a start costs a
 * JVM or three), stopped after the class. Every client the servers hand out is closed after its test, so that a
 * connection child never outlives it. At the end, a child JVM's output must show no failure.
 *
 * <p>Every server gets a directory of the class's own ({@code dir=}), for the {@link Gate}s and {@code /file}.
 */
public final class ConformanceServers implements AfterEachCallback, AfterAllCallback {
    /** Prefork workers, and process-per-connection's live children at most, unless a test says otherwise. */
    public static final int PREFORK_WORKERS = 2;
    public static final int LIVE_CHILDREN = 4;

    private final ServerSettings classSettings;
    private final Map<String, ChildJvmServer> shared = new LinkedHashMap<>();
    private final List<ConformanceServer> testsOwn = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Path dir;

    /** @param settings {@link ServerSettings} words for every server of the class */
    public ConformanceServers(String... settings) {
        this.classSettings = ServerSettings.of(settings);
    }

    /**
     * The class's server under {@code model}, with these settings on top of the class's: for this test alone
     * under a model that serves from this JVM; under a multi-process model, the one shared by the class's tests
     * with the same settings, started now if it is not running yet.
     */
    public ConformanceServer server(Model model, String... settings) throws IOException, InterruptedException {
        ServerSettings all = settingsFor(model, settings);
        if (!model.multiProcess()) return startForThisTest(model, all);
        String key = model.name() + " " + all;
        ChildJvmServer server = shared.get(key);
        if (server == null) {
            server = new ChildJvmServer(model, all, this);
            shared.put(key, server);
        }
        server.checkAlive();
        return server;
    }

    /** A server for this test alone, which it may stop: started now, stopped (if need be) after the test. */
    public ConformanceServer startForThisTest(Model model, String... settings) throws IOException, InterruptedException {
        return startForThisTest(model, settingsFor(model, settings));
    }

    private ConformanceServer startForThisTest(Model model, ServerSettings all) throws IOException, InterruptedException {
        ConformanceServer server = model.multiProcess() ? new ChildJvmServer(model, all, this)
                : new InProcessServer(model, all, this);
        testsOwn.add(server);
        return server;
    }

    /** A gate of its own in the class's directory: see {@link Gate}. */
    public Gate gate() {
        return new Gate(dir());
    }

    /** Processes a multi-process model serves with unless the settings say otherwise. */
    public static int defaultProcesses(Model model) {
        return model.name().equals("prefork") ? PREFORK_WORKERS : LIVE_CHILDREN;
    }

    private ServerSettings settingsFor(Model model, String... settings) {
        List<String> words = new ArrayList<>();
        words.add("dir=" + dir());
        if (model.multiProcess()) words.add("processes=" + defaultProcesses(model));
        words.addAll(classSettings.words());
        words.addAll(List.of(settings));
        return new ServerSettings(words);
    }

    private Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("barista-conformance-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    public <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    /** Closes the test's clients, then stops the test's own servers. */
    @Override
    public void afterEach(ExtensionContext context) {
        closeClients();
        List<String> failures = new ArrayList<>();
        for (ConformanceServer server : testsOwn) addIfAny(failures, server.close());
        testsOwn.clear();
        check(failures);
    }

    /** Stops the shared servers and removes the directory. */
    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        closeClients();
        List<String> failures = new ArrayList<>();
        for (ChildJvmServer server : shared.values()) addIfAny(failures, server.close());
        shared.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
            dir = null;
        }
        check(failures);
    }

    private void closeClients() {
        for (AutoCloseable client : clients) {
            try {
                // shutdownNow: an HttpClient's close() would wait for exchanges a failing test left hanging
                if (client instanceof HttpClient http) http.shutdownNow();
                else client.close();
            } catch (Exception ignored) {
                // teardown: keep going
            }
        }
        clients.clear();
    }

    private static void addIfAny(List<String> failures, String failure) {
        if (failure != null) failures.add(failure);
    }

    private static void check(List<String> failures) {
        if (!failures.isEmpty()) throw new AssertionError("a server reported failures:\n" + String.join("\n", failures));
    }
}
