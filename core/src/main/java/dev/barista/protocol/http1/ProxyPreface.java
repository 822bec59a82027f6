package dev.barista.protocol.http1;

import dev.barista.handler.ConnectionInfo;
import dev.barista.http.TrustedProxies;
import dev.barista.protocol.proxy.ProxyHeader;
import dev.barista.protocol.proxy.ProxyProtocolDecoder;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The PROXY protocol header (v1 or v2) a listener behind HAProxy or AWS NLB expects before any HTTP: it names
 * the real client. Believed from the trusted proxies when some are configured, from anyone when none are
 * (the listener was declared to sit behind a balancer); an unbelieved header is consumed and ignored.
 */
final class ProxyPreface {
    /** The largest PROXY v2 header accepted (its TLVs included): AWS and HAProxy send a few hundred bytes. */
    private static final int MAX_V2_LENGTH = 4096;

    private final ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(MAX_V2_LENGTH);
    private final boolean believed;

    ProxyPreface(TrustedProxies trusted, InetSocketAddress peer) {
        this.believed = trusted.isEmpty() || trusted.trusts(peer.getAddress());
    }

    /** Reads from {@code in}'s position: bytes stay in place until the whole header is there. */
    ProxyProtocolDecoder.Progress read(ByteBuffer in) {
        return decoder.decode(in);
    }

    /** The connection as the header describes it, once read; {@code tcp} when it is LOCAL or not believed. */
    ConnectionInfo connection(ConnectionInfo tcp) {
        ProxyHeader header = decoder.header();
        if (header.local() || !believed) return tcp;
        return new ConnectionInfo(header.source(), header.destination(), tcp.peerAddress(), tcp.secure());
    }
}
