package dev.barista.protocol;

import dev.barista.protocol.http1.Http1Session;
import dev.barista.protocol.http2.Http2Session;
import dev.barista.protocol.proxy.ProxyPrefaceSession;
import dev.barista.runtime.ServerContext;
import dev.barista.transport.tls.TlsContext;
import dev.barista.transport.tls.TlsSession;

import java.net.InetSocketAddress;

/**
 * What each kind of listener speaks: the session factories a server's listeners are opened with. Cleartext
 * HTTP/1.1 turns to HTTP/2 itself (h2c); under TLS, ALPN decides at the end of the handshake. Behind a balancer
 * that speaks the PROXY protocol, either starts once its header is read.
 */
public final class Protocols {

    private Protocols() {
    }

    /**
     * Cleartext HTTP/1.1, which turns to HTTP/2 on the h2c preface or an {@code Upgrade: h2c}; after a PROXY
     * protocol header when the server expects one.
     */
    public static SessionFactory cleartext(ServerContext context) {
        return afterProxyHeader(context, http1(context));
    }

    /**
     * TLS, then whichever protocol ALPN picks: HTTP/2 for {@code h2}, else HTTP/1.1; after a PROXY protocol
     * header when the server expects one (a balancer passing TLS through sends it before the ClientHello).
     */
    public static SessionFactory tls(ServerContext context) {
        TlsContext tls = context.tls();
        SessionFactory http1 = http1(context);
        SessionFactory http2 = http2(context);
        return afterProxyHeader(context, (link, out) -> {
            InetSocketAddress peer = link.remoteAddress();
            return new TlsSession(context, tls.newServerEngine(peer.getHostString(), peer.getPort()),
                    tls.handshakeTimeout(), link, out, http1, http2);
        });
    }

    private static SessionFactory http1(ServerContext context) {
        return (link, out) -> new Http1Session(context, link, out);
    }

    /** HTTP/2 from its first byte (ALPN chose {@code h2}). */
    private static SessionFactory http2(ServerContext context) {
        return (link, out) -> new Http2Session(context, link, out, link.connection());
    }

    private static SessionFactory afterProxyHeader(ServerContext context, SessionFactory next) {
        if (!context.config().proxyProtocol()) return next;
        return (link, out) -> new ProxyPrefaceSession(context, link, out, next);
    }
}
