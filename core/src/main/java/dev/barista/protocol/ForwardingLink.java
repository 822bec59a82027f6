package dev.barista.protocol;

import dev.barista.handler.ConnectionInfo;
import dev.barista.http.ResponseBody;

import java.net.InetSocketAddress;

/**
 * A {@link TransportLink} that passes everything to the link beneath it: the base of a layer between a transport and
 * a session (TLS, a PROXY header), which overrides only what it changes.
 */
public abstract class ForwardingLink implements TransportLink {
    protected final TransportLink link;

    protected ForwardingLink(TransportLink link) {
        this.link = link;
    }

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
    public ConnectionInfo connection() {
        return link.connection();
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
