package dev.barista.protocol;

import dev.barista.handler.ConnectionInfo;
import dev.barista.protocol.http1.Http1Session;
import dev.barista.protocol.http2.Http2Session;
import dev.barista.runtime.ServerContext;
import dev.barista.transport.tls.TlsContext;
import dev.barista.transport.tls.TlsSession;

import java.net.InetSocketAddress;

/**
 * What each kind of listener speaks: the session factories a server's listeners are opened with. Cleartext
 * HTTP/1.1 turns to HTTP/2 itself (h2c); under TLS, ALPN decides at the end of the handshake.
 */
public final class Protocols {

    private Protocols() {
    }

    /** Cleartext HTTP/1.1, which turns to HTTP/2 on the h2c preface or an {@code Upgrade: h2c}. */
    public static SessionFactory cleartext(ServerContext context) {
        return (link, out) -> new Http1Session(context, link, out);
    }

    /** HTTP/2 from its first byte (ALPN chose {@code h2}). */
    public static SessionFactory http2(ServerContext context) {
        return (link, out) -> new Http2Session(context, link, out,
                new ConnectionInfo(link.remoteAddress(), link.localAddress(), link.remoteAddress(), link.secure()));
    }

    /** TLS, then whichever protocol ALPN picks: HTTP/2 for {@code h2}, else HTTP/1.1. */
    public static SessionFactory tls(ServerContext context) {
        TlsContext tls = context.tls();
        SessionFactory http1 = cleartext(context);
        SessionFactory http2 = http2(context);
        return (link, out) -> {
            InetSocketAddress peer = link.remoteAddress();
            return new TlsSession(context, tls.newServerEngine(peer.getHostString(), peer.getPort()),
                    tls.handshakeTimeout(), link, out, http1, http2);
        };
    }
}
