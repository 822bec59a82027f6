package dev.barista.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Reads a node: a Forwarded {@code for} or {@code by} value (RFC 7239 6) or an X-Forwarded-For entry. Only
 * an IP literal with an optional port is an address; {@code unknown}, an obfuscated {@code _name} and anything
 * else are not, and the caller must not guess one.
 */
final class ForwardedNode {
    private ForwardedNode() {
    }

    /**
     * The address and port (0 if absent or obfuscated) the node names, or null.
     *
     * @param bareIpv6 whether an IPv6 address may come without brackets, as X-Forwarded-For writes it; RFC 7239
     *                 requires {@code "[2001:db8::1]:4711"}. A bare one never has a port.
     */
    static InetSocketAddress parse(String node, boolean bareIpv6) {
        String host;
        String port = null;
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0) return null;
            host = node.substring(1, close);
            if (host.indexOf(':') < 0) return null; // brackets hold IPv6 only
            if (close + 1 < node.length()) {
                if (node.charAt(close + 1) != ':') return null;
                port = node.substring(close + 2);
            }
        } else {
            int colon = node.indexOf(':');
            if (colon >= 0 && node.indexOf(':', colon + 1) >= 0) {
                if (!bareIpv6) return null;
                host = node;
            } else if (colon >= 0) {
                host = node.substring(0, colon);
                port = node.substring(colon + 1);
            } else {
                host = node;
            }
        }
        InetAddress address = IpLiteral.parse(host); // null for "unknown", "_hidden" and junk
        if (address == null) return null;
        int portNumber = port == null ? 0 : parsePort(port);
        return portNumber < 0 ? null : new InetSocketAddress(address, portNumber);
    }

    /** node-port = port / obfport (RFC 7239 6.2 and 6.3); 0 for an obfuscated one, -1 if neither. */
    private static int parsePort(String s) {
        if (s.length() > 1 && s.charAt(0) == '_') {
            for (int i = 1; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '.' || c == '_' || c == '-';
                if (!ok) return -1;
            }
            return 0;
        }
        if (s.isEmpty() || s.length() > 5) return -1;
        int port = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }
}
