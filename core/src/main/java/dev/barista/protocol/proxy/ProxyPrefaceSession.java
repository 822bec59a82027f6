package dev.barista.protocol.proxy;

import dev.barista.handler.ConnectionInfo;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.SessionFactory;
import dev.barista.protocol.TransportLink;
import dev.barista.runtime.ServerContext;
import dev.barista.server.CloseReason;

import java.nio.ByteBuffer;

/**
 * The PROXY protocol header (v1 or v2) that a listener behind HAProxy or AWS NLB expects before anything else,
 * cleartext or TLS alike: it is read first, then the listener's own protocol takes the connection and sees the
 * client the header names as its address. Believed from the trusted proxies when some are configured, from anyone
 * when none are (the listener was declared to sit behind a balancer); an unbelieved header is consumed and
 * ignored. A connection that does not start with one is closed without an answer: its peer does not speak what
 * this listener was configured for. The header must arrive within the request-head timeout.
 */
public final class ProxyPrefaceSession implements ProtocolSession {
    /** The largest PROXY v2 header accepted (its TLVs included): AWS and HAProxy send a few hundred bytes. */
    private static final int MAX_V2_LENGTH = 4096;

    private final ServerContext context;
    private final TransportLink link;
    private final OutboundBuffer out;
    private final SessionFactory next;
    private final ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(MAX_V2_LENGTH);
    private final boolean believed;
    private final long deadline;
    private CloseReason closeReason;

    public ProxyPrefaceSession(ServerContext context, TransportLink link, OutboundBuffer out, SessionFactory next) {
        this.context = context;
        this.link = link;
        this.out = out;
        this.next = next;
        var trusted = context.dispatcher().settings().trustedProxies();
        this.believed = trusted.isEmpty() || trusted.trusts(link.remoteAddress().getAddress());
        this.deadline = link.now() + context.config().timeouts().requestHeader().toNanos();
    }

    @Override
    public Phase phase() {
        return closeReason == null ? Phase.OPEN : Phase.CLOSED;
    }

    @Override
    public boolean wantsInput() {
        return closeReason == null;
    }

    @Override
    public boolean holdsInput() {
        return false; // an incomplete header stays in the transport's buffer until more bytes come
    }

    @Override
    public boolean isIdle() {
        return true; // no request has begun: closing loses nothing
    }

    @Override
    public long deadline() {
        return closeReason == null ? deadline : NO_DEADLINE;
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public void received(ByteBuffer in) {
        if (closeReason != null) {
            in.position(in.limit());
            return;
        }
        switch (decoder.decode(in)) {
            case NEED_MORE -> { }
            case ERROR -> {
                context.stats().badRequests.increment();
                in.position(in.limit());
                close(CloseReason.PROTOCOL_ERROR);
            }
            case DONE -> {
                ProtocolSession session = next.open(new ProxiedLink(link, connection()), out);
                link.switchProtocol(session);
                if (in.hasRemaining()) session.received(in);
            }
        }
    }

    /** The connection as the header describes it; the TCP one when it is LOCAL or not believed. */
    private ConnectionInfo connection() {
        ConnectionInfo tcp = link.connection();
        ProxyHeader header = decoder.header();
        if (header.local() || !believed) return tcp;
        return new ConnectionInfo(header.source(), header.destination(), tcp.peerAddress(), tcp.secure());
    }

    @Override
    public void inputClosed() {
        close(CloseReason.CLIENT_CLOSED);
    }

    @Override
    public void flushed(long written) {
        // nothing is written before the header is read
    }

    @Override
    public void timerFired() {
        if (closeReason != null || link.now() - deadline < 0) return;
        context.stats().timeouts.increment();
        close(CloseReason.REQUEST_TIMEOUT);
    }

    @Override
    public void drain() {
        close(CloseReason.SERVER_STOP);
    }

    @Override
    public void close(CloseReason reason) {
        if (closeReason != null) return;
        closeReason = reason;
        out.discard();
        context.connectionClosed(reason);
    }
}
