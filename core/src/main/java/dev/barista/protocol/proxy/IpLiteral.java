package dev.barista.protocol.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * Reads textual IP addresses straight from a buffer, for the PROXY v1 line. Never through
 * {@code InetAddress.getByName}, which resolves whatever is not a literal (a DNS query of the peer's choosing), and
 * without exceptions or Strings for bad input, which is as likely as good input on a port open to the internet.
 */
final class IpLiteral {
    static final long INVALID = -1;

    private IpLiteral() {
    }

    /**
     * Dotted-quad IPv4 in {@code [from, to)}: exactly four decimal parts of 0-255, without leading zeros (inet_pton
     * refuses them, and other parsers read them as octal, so two readers could disagree on the address). Returns
     * the address's 32 bits, or {@link #INVALID}.
     */
    static long parseIpv4(ByteBuffer in, int from, int to) {
        long address = 0;
        int p = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (p >= to || in.get(p) != '.') return INVALID;
                p++;
            }
            int digitsStart = p;
            int value = 0;
            while (p < to && p - digitsStart < 3 && isDigit(in.get(p))) value = value * 10 + in.get(p++) - '0';
            int digits = p - digitsStart;
            if (digits == 0 || value > 255 || digits > 1 && in.get(digitsStart) == '0') return INVALID;
            address = address << 8 | value;
        }
        return p == to ? address : INVALID;
    }

    /**
     * IPv6 text in {@code [from, to)} (RFC 4291 section 2.2): eight groups of 1-4 hex digits separated by colons, at
     * most one "::" standing for one or more zero groups, and optionally a dotted quad in place of the last two
     * groups. No zone id and no brackets: neither is an address. Writes the 16 bytes into {@code into} and returns
     * true, or returns false (leaving {@code into} undefined).
     */
    static boolean parseIpv6(ByteBuffer in, int from, int to, byte[] into) {
        int groups = 0;
        int gapAt = -1; // the group where "::" stands
        int p = from;
        if (to - from >= 2 && in.get(p) == ':' && in.get(p + 1) == ':') {
            gapAt = 0;
            p += 2;
        }
        while (p < to) {
            int digitsStart = p;
            int value = 0;
            for (int h; p < to && (h = hexValue(in.get(p))) >= 0; p++) value = value << 4 | h;
            int digits = p - digitsStart;
            if (p < to && in.get(p) == '.') {
                // A dotted quad ends the address; its digits were read as hex above, read them again as decimal.
                long ipv4 = groups <= 6 ? parseIpv4(in, digitsStart, to) : INVALID;
                if (ipv4 == INVALID) return false;
                putGroup(into, groups++, (int) (ipv4 >>> 16));
                putGroup(into, groups++, (int) ipv4 & 0xFFFF);
                break;
            }
            if (digits == 0 || digits > 4 || groups == 8) return false;
            putGroup(into, groups++, value);
            if (p == to) break;
            if (in.get(p++) != ':') return false;
            if (p < to && in.get(p) == ':') {
                if (gapAt >= 0) return false;
                gapAt = groups;
                p++;
            } else if (p == to) {
                return false; // a single trailing colon
            }
        }
        if (gapAt < 0) return groups == 8;
        if (groups == 8) return false; // "::" stands for at least one group
        int zeros = 8 - groups;
        for (int g = groups - 1; g >= gapAt; g--) {
            into[2 * (g + zeros)] = into[2 * g];
            into[2 * (g + zeros) + 1] = into[2 * g + 1];
        }
        for (int g = gapAt; g < gapAt + zeros; g++) putGroup(into, g, 0);
        return true;
    }

    /** The address of 4 or 16 bytes; an IPv4-mapped IPv6 address becomes IPv4, as the JDK does everywhere. */
    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of " + bytes.length + " bytes", e); // only for other lengths
        }
    }

    static InetAddress ipv4Address(long bits) {
        return address(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
    }

    private static void putGroup(byte[] into, int group, int value) {
        into[2 * group] = (byte) (value >>> 8);
        into[2 * group + 1] = (byte) value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }
}
