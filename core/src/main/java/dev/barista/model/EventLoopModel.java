package dev.barista.model;

import dev.barista.dispatch.Placement;
import dev.barista.dispatch.Routing;
import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;
import dev.barista.transport.nio.NioTransport;

import java.io.IOException;

/**
 * One thread, one selector, every handler inline (Redis): the plainest event loop. A handler that blocks
 * blocks every connection, and the blocked-loop detector says so.
 */
public record EventLoopModel() implements Model {

    @Override
    public String name() {
        return "event-loop";
    }

    @Override
    public String description() {
        return "a single event loop running every handler inline";
    }

    @Override
    public RunningServer start(ServerConfig config, Routing routing) throws IOException {
        ServerContext context = new ServerContext(name(), config, routing, Placement.INLINE);
        NioTransport transport = new NioTransport(context, 1);
        transport.start(false);
        return transport;
    }
}
