package dev.barista.transport;

import dev.barista.runtime.RunningServer;
import dev.barista.runtime.ServerContext;
import dev.barista.server.ServerStats;

import java.util.List;

/**
 * What the two transports answer alike as a running server: their listeners' ports, the server context's
 * counters and health, and TLS reloads through it. Each transport adds how it serves and how it stops.
 */
public abstract class ListeningTransport implements RunningServer {
    protected final ServerContext context;
    /** Open once the transport has bound them (cleartext, and TLS beside it); none before. */
    protected List<Listener> listeners = List.of();

    protected ListeningTransport(ServerContext context) {
        this.context = context;
    }

    @Override
    public final int port() {
        return ListenerSocket.port(listeners, false);
    }

    @Override
    public final int securePort() {
        return ListenerSocket.port(listeners, true);
    }

    @Override
    public final void reloadTls() {
        if (context.tls() != null) context.tls().reload();
    }

    @Override
    public final ServerStats stats() {
        return context.stats();
    }

    @Override
    public final boolean ready() {
        return context.ready();
    }

    @Override
    public final boolean live() {
        return context.live();
    }
}
