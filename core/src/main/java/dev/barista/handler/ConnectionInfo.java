package dev.barista.handler;

import java.net.InetSocketAddress;

/**
 * The connection a request arrived on, the same for all its requests.
 *
 * @param remoteAddress the client as this server sees it: the TCP peer, or the source a PROXY protocol header
 *                      named (when the listener accepts the PROXY protocol)
 * @param localAddress  the address the client connected to (or the PROXY header's destination)
 * @param peerAddress   the TCP peer itself (a load balancer in front, if any)
 * @param secure        whether the connection is TLS
 */
public record ConnectionInfo(InetSocketAddress remoteAddress, InetSocketAddress localAddress,
                             InetSocketAddress peerAddress, boolean secure) {

    /** For requests made without a connection (tests, examples): loopback on both ends, port 0. */
    public static final ConnectionInfo NONE = new ConnectionInfo(
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
            new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), false);

    public String scheme() {
        return secure ? "https" : "http";
    }
}
