package dev.barista.protocol.proxy;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a PROXY protocol header says about the connection it precedes.
 *
 * <p>{@code local} is true for the LOCAL command (v2) or UNKNOWN (v1), and for an address family or transport we do
 * not map (AF_UNIX, AF_UNSPEC, an unspecified transport): the connection's own addresses apply, and
 * {@code source} and {@code destination} are then null. Otherwise both are set, as literal addresses (never
 * resolved). An IPv4-mapped IPv6 address becomes an {@code Inet4Address}, as the JDK reports it for a direct
 * connection, so that one address check serves both.
 *
 * @param version 1 or 2
 * @param tlvs the v2 type-length-value fields in the order they came (CRC32c included); empty for v1
 */
public record ProxyHeader(int version, boolean local, InetSocketAddress source, InetSocketAddress destination,
                          List<Tlv> tlvs) {

    public ProxyHeader {
        if (version != 1 && version != 2) throw new IllegalArgumentException("version must be 1 or 2: " + version);
        if (local ? source != null || destination != null : source == null || destination == null) {
            throw new IllegalArgumentException("a local header has no addresses, a proxied one has both");
        }
        tlvs = List.copyOf(tlvs);
    }

    /**
     * One v2 TLV. Its value is not copied on the way out, so that reading it allocates nothing: treat it as
     * read-only. Equality compares the bytes.
     */
    public record Tlv(int type, byte[] value) {
        // The types the spec registers (section 2.2.1 onwards); any other type is kept as it came.
        public static final int ALPN = 0x01;
        public static final int AUTHORITY = 0x02;
        public static final int CRC32C = 0x03;
        public static final int NOOP = 0x04;
        public static final int UNIQUE_ID = 0x05;
        public static final int SSL = 0x20;
        public static final int NETNS = 0x30;

        public Tlv {
            if (type < 0 || type > 0xFF) throw new IllegalArgumentException("type must fit a byte: " + type);
            if (value.length > 0xFFFF) throw new IllegalArgumentException("value longer than 65535 bytes");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tlv t && t.type == type && Arrays.equals(t.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            HexFormat hex = HexFormat.of();
            return "Tlv[type=0x" + hex.toHexDigits((byte) type) + ", value=" + hex.formatHex(value) + "]";
        }
    }
}
