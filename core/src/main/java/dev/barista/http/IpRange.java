package dev.barista.http;

import java.net.InetAddress;

/**
 * A CIDR block such as {@code 10.0.0.0/8} or {@code fd00::/8}, or one address (a full-length prefix). Host bits
 * below the prefix are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). IPv4-mapped IPv6 addresses are
 * compared as the IPv4 addresses they stand for, on both sides.
 */
final class IpRange {
    private final byte[] network;
    private final int prefixBits;

    private IpRange(byte[] address, int prefixBits) {
        this.network = address.clone();
        for (int bit = prefixBits; bit < network.length * 8; bit++) network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        this.prefixBits = prefixBits;
    }

    /** @throws IllegalArgumentException naming the entry, which is configuration and not client input */
    static IpRange parse(String entry) {
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress address = IpLiteral.parse(literal);
        if (address == null) throw new IllegalArgumentException("not an IP address or CIDR block: " + entry);
        byte[] network = IpLiteral.canonicalBytes(address);
        // "::ffff:10.0.0.0/104" is 10.0.0.0/8: a mapped literal's prefix counts the 96 bits of the mapping.
        int mappingBits = network.length == 4 && literal.indexOf(':') >= 0 ? 96 : 0;
        int maxBits = network.length * 8 + mappingBits;
        int prefixBits = maxBits;
        if (slash >= 0) {
            prefixBits = parsePrefix(entry.substring(slash + 1), maxBits);
            // -1 (unparseable) is below every mappingBits too.
            if (prefixBits < mappingBits) {
                throw new IllegalArgumentException("not an IP address or CIDR block: " + entry);
            }
        }
        return new IpRange(network, prefixBits - mappingBits);
    }

    boolean contains(InetAddress address) {
        byte[] b = IpLiteral.canonicalBytes(address);
        if (b.length != network.length) return false;
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (b[i] != network[i]) return false;
        }
        int rest = prefixBits % 8;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (b[full] & mask) == (network[full] & mask);
    }

    /** The prefix length, or -1 unless it is 1 to 3 decimal digits up to {@code maxBits}. */
    private static int parsePrefix(String s, int maxBits) {
        if (s.isEmpty() || s.length() > 3) return -1;
        int bits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            bits = bits * 10 + (c - '0');
        }
        return bits <= maxBits ? bits : -1;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
