package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.RawClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A conformance test server, serving {@link ConformanceRoutes} under one model: in this JVM ({@link
 * InProcessServer}) or, for a multi-process model, in a JVM of its own ({@link ChildJvmServer}). Tests talk to
 * it over sockets only, so the same test runs against either; what only one kind can show (a {@code Server}'s
 * counters, a child JVM's exit status) is asked of that kind by name.
 *
 * <p>The clients it hands out are closed after the test ({@link ConformanceServers}).
 */
public abstract sealed class ConformanceServer permits InProcessServer, ChildJvmServer {
    private final Model model;
    private final ServerSettings settings;
    private final ConformanceServers owner;

    ConformanceServer(Model model, ServerSettings settings, ConformanceServers owner) {
        this.model = model;
        this.settings = settings;
        this.owner = owner;
    }

    public Model model() {
        return model;
    }

    public ServerSettings settings() {
        return settings;
    }

    public abstract int port();

    /** A raw connection, closed after the test. */
    public RawClient raw() throws IOException {
        return raw(0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for (0: the system's default) */
    public RawClient raw(int receiveBuffer) throws IOException {
        return owner.track(RawClient.connect(port(), receiveBuffer));
    }

    /** An HTTP/1.1 client, shut down after the test. */
    public HttpClient httpClient() {
        return owner.track(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build());
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10));
    }

    /** GET with {@code client}, body as a string. */
    public HttpResponse<String> get(HttpClient client, String pathAndQuery) throws IOException, InterruptedException {
        return client.send(request(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Begins a graceful stop and returns at once: {@code Server.stop()} on a thread of its own here, SIGTERM to
     * a child JVM. Only for a server of the test's own ({@link ConformanceServers#startForThisTest}).
     */
    public abstract void beginStop();

    /** Whether the stop {@link #beginStop} began has ended (a child JVM: it exited), waiting up to {@code wait}. */
    public abstract boolean awaitStopped(Duration wait) throws InterruptedException;

    /** Stops it (quickly: its clients are gone) and returns the failures it reported, if any. */
    abstract String close();

    @Override
    public String toString() {
        return model.name() + (settings.words().isEmpty() ? "" : " " + settings);
    }
}
