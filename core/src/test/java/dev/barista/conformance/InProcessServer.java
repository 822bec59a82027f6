package dev.barista.conformance;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.server.ServerStats;

import java.time.Duration;

/** A conformance server in this JVM: its {@link Server} is at hand, for its counters and readiness. */
public final class InProcessServer extends ConformanceServer {
    private final Server server;
    private Thread stopper;

    InProcessServer(Model model, ServerSettings settings, ConformanceServers owner) throws java.io.IOException {
        super(model, settings, owner);
        this.server = ConformanceRoutes.addTo(settings.builder(model), settings).start();
    }

    public Server server() {
        return server;
    }

    public ServerStats stats() {
        return server.stats();
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public int securePort() {
        return server.securePort();
    }

    @Override
    public void beginStop() {
        if (stopper != null) throw new IllegalStateException("already stopping");
        stopper = Thread.ofPlatform().name("conformance-stop").start(server::stop);
    }

    @Override
    public boolean awaitStopped(Duration wait) throws InterruptedException {
        if (stopper == null) throw new IllegalStateException("not stopping");
        return stopper.join(wait);
    }

    @Override
    String close() {
        server.stop(Duration.ofSeconds(1));
        return null;
    }
}
