package dev.barista.http;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP address literals, read strictly and without DNS: IPv4 only as four decimal parts without leading zeros,
 * IPv6 without brackets or zone. {@code InetAddress.ofLiteral} alone also accepts {@code 127.1}, {@code 010.0.0.1}
 * and {@code [::1]}; other software reads some of those differently (010 is octal to inet_aton), and two readings
 * of one address are how allow-lists get bypassed.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address, or null if the text is not a strict literal. */
    static InetAddress parse(String s) {
        if (s.isEmpty()) return null;
        boolean ipv6 = s.indexOf(':') >= 0;
        if (ipv6 ? !isIpv6Syntax(s) : !isDottedQuad(s)) return null;
        try {
            return InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The address's bytes, an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) as the IPv4 address it stands for. */
    static byte[] canonicalBytes(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(b)) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        return b;
    }

    static boolean isIpv4Mapped(byte[] b) {
        if (b.length != 16) return false;
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) return false;
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    private static boolean isDottedQuad(String s) {
        int parts = 0;
        int i = 0;
        while (i <= s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int digits = i - start;
            if (digits == 0 || digits > 3 || (digits > 1 && s.charAt(start) == '0')) return false;
            parts++;
            if (i == s.length()) break;
            if (s.charAt(i) != '.') return false;
            i++;
        }
        return parts == 4; // ofLiteral checks each part is at most 255
    }

    private static boolean isIpv6Syntax(String s) {
        // Hex groups, ':' and an embedded dotted quad; no brackets, no '%zone'. ofLiteral checks the structure.
        int lastColon = s.lastIndexOf(':');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && !(c == '.' && i > lastColon)) return false;
        }
        int dot = s.indexOf('.');
        return dot < 0 || isDottedQuad(s.substring(lastColon + 1));
    }
}
