package dev.barista.testing;

import dev.barista.Server;
import dev.barista.server.Timeouts;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts test servers on 127.0.0.1, port 0, with short timeouts, and tears down everything a test opened
 * (clients first, then servers) from {@code @AfterEach}.
 */
public final class ServerFixture implements AutoCloseable, LocalClients {
    /** Timeouts long enough never to fire by accident in a test, with a short linger so stops are quick. */
    public static final Timeouts TEST_TIMEOUTS = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(200));

    private final List<Server> servers = new ArrayList<>();
    private final List<AutoCloseable> clients = new ArrayList<>();
    private Server server;

    /** A builder bound to loopback and port 0, with {@link #TEST_TIMEOUTS} and a one-second grace. */
    public static Server.Builder builder() {
        return Server.builder().host("127.0.0.1").port(0).timeouts(TEST_TIMEOUTS)
                .shutdownGrace(Duration.ofSeconds(1));
    }

    /** Starts the server and remembers it for teardown; {@link #server()} returns the last one started. */
    public Server start(Server.Builder builder) throws IOException {
        Server started = builder.start();
        servers.add(started);
        server = started;
        return started;
    }

    public Server server() {
        return server;
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                // shutdownNow: an HttpClient's close() would wait for exchanges a failing test left hanging
                if (c instanceof HttpClient http) http.shutdownNow();
                else c.close();
            } catch (Exception ignored) {
                // teardown: keep going
            }
        }
        clients.clear();
        for (Server s : servers) s.stop(Duration.ofSeconds(1));
        servers.clear();
    }
}
