package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.LocalClients;

import java.time.Duration;

/**
 * A conformance test server, serving {@link ConformanceRoutes} under one model: in this JVM ({@link
 * InProcessServer}) or, for a multi-process model, in a JVM of its own ({@link ChildJvmServer}). Tests talk to
 * it over sockets only, so the same test runs against either; what only one kind can show (a {@code Server}'s
 * counters, a child JVM's exit status) is asked of that kind by name.
 *
 * <p>The clients it hands out are closed after the test ({@link ConformanceServers}).
 */
public abstract sealed class ConformanceServer implements LocalClients permits InProcessServer, ChildJvmServer {
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

    @Override
    public abstract int port();

    /** The TLS listener's port ({@code tls=self-signed}), or -1. */
    public abstract int securePort();

    @Override
    public <T extends AutoCloseable> T track(T client) {
        return owner.track(client);
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
