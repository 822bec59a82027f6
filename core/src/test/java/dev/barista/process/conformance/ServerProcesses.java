package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.process.ChildJvm;
import dev.barista.testing.RawClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test servers of one conformance test class, each {@code ProcessTestServer} in a JVM of its own
 * ({@link ChildJvm}): started on first use, one per model and settings, shared by the class's tests (a
 * start costs a JVM or three), stopped from {@code @AfterAll}. Also the raw clients of the test running now,
 * closed from {@code @AfterEach}, so a process-per-connection child never outlives its test.
 *
 * <p>At the end, a server's output must show no failure: a worker or child that died, a connection that
 * failed with an exception, a handler that threw. The model may hide such a failure from the client (the
 * prefork master restarts a dead worker), so the tests would not see it otherwise.
 */
final class ServerProcesses implements AutoCloseable {
    /** Prefork workers, and process-per-connection's live children at most, unless a test says otherwise. */
    static final int PREFORK_WORKERS = 2;
    static final int LIVE_CHILDREN = 4;

    private final List<String> settings;
    private final Map<String, ChildJvm> servers = new LinkedHashMap<>();
    private final List<RawClient> clients = new ArrayList<>();

    /** @param settings ProcessTestServer's {@code key=value} settings for every server of the class */
    ServerProcesses(String... settings) {
        this.settings = List.of(settings);
    }

    static int defaultProcesses(Model model) {
        return model.name().equals("prefork") ? PREFORK_WORKERS : LIVE_CHILDREN;
    }

    /** The class's server under {@code model}, started now if it is not running yet. */
    ChildJvm server(Model model) throws IOException, InterruptedException {
        return server(model, defaultProcesses(model), List.of());
    }

    /** A server under {@code model} with {@code processes} and these settings on top of the class's. */
    ChildJvm server(Model model, int processes, List<String> extraSettings) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(settings);
        all.addAll(extraSettings);
        String key = model.name() + " " + processes + " " + all;
        ChildJvm server = servers.get(key);
        if (server == null) {
            server = ChildJvm.start(model.name(), processes, all);
            servers.put(key, server);
        }
        if (!server.process().isAlive()) {
            throw new AssertionError("the " + key + " server exited: " + String.join("\n", server.output()));
        }
        return server;
    }

    /** A raw connection to the class's server under {@code model}, closed after the test. */
    RawClient raw(Model model) throws IOException, InterruptedException {
        return raw(server(model));
    }

    RawClient raw(ChildJvm server) throws IOException {
        return raw(server, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for (0: the system's default) */
    RawClient raw(ChildJvm server, int receiveBuffer) throws IOException {
        RawClient client = RawClient.connect(server.port(), receiveBuffer);
        clients.add(client);
        return client;
    }

    /** Closes the clients of the test that just ran. */
    void closeClients() {
        clients.forEach(RawClient::close);
        clients.clear();
    }

    /** Stops every server (SIGTERM, then SIGKILL for what is left) and checks their output for failures. */
    @Override
    public void close() {
        closeClients();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, ChildJvm> e : servers.entrySet()) {
            e.getValue().close();
            List<String> output = e.getValue().output();
            if (output.stream().anyMatch(ServerProcesses::reportsAFailure)) {
                failures.add(e.getKey() + ":\n  " + String.join("\n  ", output));
            }
        }
        servers.clear();
        if (!failures.isEmpty()) throw new AssertionError("a server reported failures:\n" + String.join("\n", failures));
    }

    /** A line of a server's output that reports something broken (java.util.logging or a stack trace). */
    static boolean reportsAFailure(String line) {
        return line.startsWith("SEVERE") || line.contains("Exception") || line.contains(" failed")
                || line.contains("exited with code");
    }
}
