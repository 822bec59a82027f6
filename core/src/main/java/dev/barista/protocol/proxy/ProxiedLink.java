package dev.barista.protocol.proxy;

import dev.barista.handler.ConnectionInfo;
import dev.barista.http.ResponseBody;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.TransportLink;

import java.net.InetSocketAddress;

/** The transport as a session behind a PROXY header sees it: the same, with the connection the header named. */
record ProxiedLink(TransportLink link, ConnectionInfo connection) implements TransportLink {
    @Override
    public void execute(Runnable task) {
        link.execute(task);
    }

    @Override
    public boolean acceptsLateResponses() {
        return link.acceptsLateResponses();
    }

    @Override
    public long now() {
        return link.now();
    }

    @Override
    public StreamSource pump(ResponseBody.Stream body, StreamSink sink) {
        return link.pump(body, sink);
    }

    @Override
    public void switchProtocol(ProtocolSession next) {
        link.switchProtocol(next);
    }

    @Override
    public boolean secure() {
        return link.secure();
    }

    @Override
    public OutboundBuffer newOutboundBuffer() {
        return link.newOutboundBuffer();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return link.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return link.localAddress();
    }
}
