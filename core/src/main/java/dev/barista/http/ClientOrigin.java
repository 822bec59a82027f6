package dev.barista.http;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where a request came from once trusted proxies are accounted for ({@link TrustedProxies#resolve}).
 *
 * @param address the client's address; port 0 when a proxy did not say
 * @param scheme  "http" or "https": the scheme the client used
 * @param host    the Host the client asked for, or null when the request's own Host applies
 */
public record ClientOrigin(InetSocketAddress address, String scheme, String host) {
    public ClientOrigin {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scheme, "scheme");
    }
}
