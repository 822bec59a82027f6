package dev.barista.protocol.proxy;

import dev.barista.handler.ConnectionInfo;
import dev.barista.protocol.ForwardingLink;
import dev.barista.protocol.TransportLink;

/** The transport as a session behind a PROXY header sees it: the same, with the connection the header named. */
final class ProxiedLink extends ForwardingLink {
    private final ConnectionInfo connection;

    ProxiedLink(TransportLink link, ConnectionInfo connection) {
        super(link);
        this.connection = connection;
    }

    @Override
    public ConnectionInfo connection() {
        return connection;
    }
}
