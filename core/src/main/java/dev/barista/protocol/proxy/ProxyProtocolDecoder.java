package dev.barista.protocol.proxy;

import dev.barista.protocol.proxy.ProxyHeader.Tlv;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Decodes the PROXY protocol header (HAProxy's, versions 1 and 2) that a load balancer sends before the first byte
 * of the connection it relays: a pure function over a buffer, with no I/O.
 *
 * <p>{@link #decode} reads from the buffer's position to its limit and answers {@link Progress#DONE} (the position
 * is moved past the header and {@link #header()} says what it said), {@link Progress#NEED_MORE} (nothing consumed:
 * append what arrives next and call again with the whole prefix) or {@link Progress#ERROR} (nothing consumed;
 * {@link #error()} says why in a fixed string that never echoes input). Every check runs as soon as the bytes it
 * reads are there, and the same bytes give the same answer on a longer input, so the answer never depends on how
 * the header was split across reads. In particular, input that is not a PROXY header is refused on its first byte
 * that differs from both signatures ("PROXY " and v2's twelve bytes): a client speaking HTTP straight to a port
 * that expects the header is told at once, not after a timeout.
 *
 * <p>Refused in v1: anything but single spaces between fields, a line ending other than CRLF (a bare LF or CR, as
 * {@code RequestParser} refuses them), more than {@link #MAX_V1_LENGTH} bytes, an IPv4 address that is not a plain
 * dotted quad, IPv6 text with a zone or brackets, ports with a sign, a leading zero or above 65535, and fields
 * after the destination port. Refused in v2: a version other than 2, commands other than LOCAL and PROXY,
 * unassigned family or transport values, a datagram transport with PROXY (we serve TCP), a length shorter than the
 * family's address block, TLVs that do not exactly fill the rest, a CRC32c TLV that is not 4 bytes, repeated or
 * wrong, and any header longer than the limit given to the constructor (refused on its length field, before the
 * rest is waited for). For LOCAL, the addresses are skipped, but the length must still hold the family's address
 * block and the TLVs after it are read and checked like any others: one rule for where the TLVs start.
 *
 * <p>Each call starts over from the position: nothing is remembered between NEED_MORE answers, because rereading at
 * most 107 bytes (v1) or 16 (v2, until the whole header is there) costs less than a resumable state. Reads are
 * absolute, so heap, direct and read-only buffers all work and their byte order does not matter. Allocates nothing
 * while waiting, and then only the result (and a {@link CRC32C} when the header carries a checksum).
 *
 * <p>One decoder per connection, for the one header that opens it; not thread-safe. After ERROR every call answers
 * ERROR again without reading; after DONE there is nothing left to decode, and calling again is a mistake.
 */
public final class ProxyProtocolDecoder {

    /** What a call to {@link #decode} achieved. */
    public enum Progress { NEED_MORE, DONE, ERROR }

    /** The longest v1 line, CRLF included: "PROXY UNKNOWN" with two full IPv6 addresses and ports (spec 2.1). */
    public static final int MAX_V1_LENGTH = 107;

    private static final String NOT_PROXY = "Not a PROXY protocol header";
    private static final String V1_TOO_LONG = "PROXY v1 line too long";

    private static final byte[] V1_PREFIX = {'P', 'R', 'O', 'X', 'Y', ' '};
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** Signature, version and command, family and transport, length. */
    private static final int V2_FIXED_LENGTH = 16;
    private static final int COMMAND_LOCAL = 0x0;
    private static final int COMMAND_PROXY = 0x1;
    private static final int FAMILY_UNSPEC = 0x0;
    private static final int FAMILY_INET = 0x1;
    private static final int FAMILY_UNIX = 0x3;
    private static final int TRANSPORT_UNSPEC = 0x0;
    private static final int TRANSPORT_DGRAM = 0x2;
    /** The address block's size by family: none, two IPv4 addresses and ports, two IPv6 ones, two 108-byte paths. */
    private static final int[] ADDRESS_BLOCK_LENGTH = {0, 12, 36, 216};
    private static final int TLV_HEADER_LENGTH = 3;
    private static final byte[] ZERO_CHECKSUM = new byte[4]; // a CRC32c value's size, and its zeroed field
    private static final int FAILED = -1;

    private final int maxV2Length;
    private ProxyHeader header;
    private String error;

    /** @param maxV2Length the largest v2 header accepted, its 16 fixed bytes included (the spec allows 65551) */
    public ProxyProtocolDecoder(int maxV2Length) {
        if (maxV2Length < V2_FIXED_LENGTH) throw new IllegalArgumentException("maxV2Length below 16: " + maxV2Length);
        this.maxV2Length = maxV2Length;
    }

    /** What the header said, once {@link #decode} has answered {@link Progress#DONE}; otherwise null. */
    public ProxyHeader header() {
        return header;
    }

    /** Why decoding failed, once {@link #decode} has answered {@link Progress#ERROR}; otherwise null. */
    public String error() {
        return error;
    }

    /** Decodes the header at {@code in}'s position; see the class comment for what each answer leaves behind. */
    public Progress decode(ByteBuffer in) {
        if (error != null) return Progress.ERROR;
        if (header != null) throw new IllegalStateException("The PROXY header was already decoded");
        if (!in.hasRemaining()) return Progress.NEED_MORE;
        byte first = in.get(in.position());
        if (first == V1_PREFIX[0]) return decodeV1(in);
        if (first == V2_SIGNATURE[0]) return decodeV2(in);
        return fail(NOT_PROXY);
    }

    // ---- v1 -----------------------------------------------------------------------------------------------------

    private Progress decodeV1(ByteBuffer in) {
        int start = in.position();
        int available = in.limit() - start;
        if (!startsWith(in, start, available, V1_PREFIX)) return fail(NOT_PROXY);
        int scanEnd = start + Math.min(available, MAX_V1_LENGTH);
        for (int p = start + V1_PREFIX.length; p < scanEnd; p++) {
            byte b = in.get(p);
            if (b == '\n') return fail("PROXY v1 line ends without CR (bare LF)");
            if (b != '\r') continue;
            if (p + 1 - start >= MAX_V1_LENGTH) return fail(V1_TOO_LONG); // no room left for the LF
            if (p + 1 >= in.limit()) return Progress.NEED_MORE; // the byte after CR decides
            if (in.get(p + 1) != '\n') return fail("Bare CR in PROXY v1 line");
            ProxyHeader h = parseV1Fields(in, start + V1_PREFIX.length, p);
            return h == null ? Progress.ERROR : done(in, h, p + 2);
        }
        return available >= MAX_V1_LENGTH ? fail(V1_TOO_LONG) : Progress.NEED_MORE;
    }

    /** The fields of a complete line after "PROXY ", up to its CR: the protocol, then four for TCP4 and TCP6. */
    private ProxyHeader parseV1Fields(ByteBuffer in, int from, int to) {
        int protocolEnd = indexOfSpace(in, from, to);
        if (protocolEnd < 0) protocolEnd = to;
        // UNKNOWN: the sender cannot tell; the rest of the line is to be ignored (spec 2.1).
        if (equalsAscii(in, from, protocolEnd, "UNKNOWN")) return new ProxyHeader(1, true, null, null, List.of());
        boolean tcp4 = equalsAscii(in, from, protocolEnd, "TCP4");
        if (!tcp4 && !equalsAscii(in, from, protocolEnd, "TCP6")) return failHeader("Unknown PROXY v1 protocol");

        int sourceStart = protocolEnd + 1;
        int sourceEnd = indexOfSpace(in, sourceStart, to);
        int destinationEnd = sourceEnd < 0 ? -1 : indexOfSpace(in, sourceEnd + 1, to);
        int sourcePortEnd = destinationEnd < 0 ? -1 : indexOfSpace(in, destinationEnd + 1, to);
        if (sourcePortEnd < 0 || indexOfSpace(in, sourcePortEnd + 1, to) >= 0) {
            return failHeader("Malformed PROXY v1 line");
        }
        InetAddress source = parseV1Address(in, sourceStart, sourceEnd, tcp4);
        InetAddress destination = source == null ? null : parseV1Address(in, sourceEnd + 1, destinationEnd, tcp4);
        if (destination == null) return failHeader("Invalid address in PROXY v1 line");
        int sourcePort = parsePort(in, destinationEnd + 1, sourcePortEnd);
        int destinationPort = sourcePort < 0 ? FAILED : parsePort(in, sourcePortEnd + 1, to);
        if (destinationPort < 0) return failHeader("Invalid port in PROXY v1 line");
        return new ProxyHeader(1, false, new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort), List.of());
    }

    private static InetAddress parseV1Address(ByteBuffer in, int from, int to, boolean ipv4) {
        if (ipv4) {
            long bits = IpLiteral.parseIpv4(in, from, to);
            return bits == IpLiteral.INVALID ? null : IpLiteral.ipv4Address(bits);
        }
        byte[] bytes = new byte[16];
        return IpLiteral.parseIpv6(in, from, to, bytes) ? IpLiteral.address(bytes) : null;
    }

    /** A decimal port of 0-65535: no sign, no leading zero (but "0" itself), so one port has one spelling. */
    private static int parsePort(ByteBuffer in, int from, int to) {
        int digits = to - from;
        if (digits < 1 || digits > 5 || digits > 1 && in.get(from) == '0') return FAILED;
        int port = 0;
        for (int p = from; p < to; p++) {
            byte b = in.get(p);
            if (b < '0' || b > '9') return FAILED;
            port = port * 10 + b - '0';
        }
        return port <= 0xFFFF ? port : FAILED;
    }

    // ---- v2 -----------------------------------------------------------------------------------------------------

    private Progress decodeV2(ByteBuffer in) {
        int start = in.position();
        int available = in.limit() - start;
        if (!startsWith(in, start, available, V2_SIGNATURE)) return fail(NOT_PROXY);
        if (available <= 12) return Progress.NEED_MORE;
        int versionCommand = in.get(start + 12) & 0xFF;
        if (versionCommand >>> 4 != 2) return fail("Unsupported PROXY v2 version");
        int command = versionCommand & 0x0F;
        if (command != COMMAND_LOCAL && command != COMMAND_PROXY) return fail("Unknown PROXY v2 command");
        if (available <= 13) return Progress.NEED_MORE;
        int familyTransport = in.get(start + 13) & 0xFF;
        int family = familyTransport >>> 4;
        int transport = familyTransport & 0x0F;
        if (family > FAMILY_UNIX || transport > TRANSPORT_DGRAM) {
            return fail("Unknown PROXY v2 address family or transport");
        }
        if (command == COMMAND_PROXY && transport == TRANSPORT_DGRAM) return fail("PROXY v2 datagram transport");
        if (available < V2_FIXED_LENGTH) return Progress.NEED_MORE;
        int length = unsignedShort(in, start + 14);
        if (V2_FIXED_LENGTH + length > maxV2Length) return fail("PROXY v2 header too large");
        int addressBlockLength = ADDRESS_BLOCK_LENGTH[family];
        if (length < addressBlockLength) return fail("PROXY v2 length shorter than its address block");
        int end = start + V2_FIXED_LENGTH + length;
        if (in.limit() < end) return Progress.NEED_MORE;

        int addresses = start + V2_FIXED_LENGTH;
        int tlvStart = addresses + addressBlockLength;
        int tlvCount = checkTlvs(in, start, tlvStart, end);
        if (tlvCount == FAILED) return Progress.ERROR;
        // The spec leaves the receiver free to use the connection's own addresses for UNSPEC and for what it does
        // not map: an AF_UNIX path is no InetSocketAddress. What remains is TCP over IPv4 or IPv6.
        boolean local = command == COMMAND_LOCAL || family == FAMILY_UNSPEC || family == FAMILY_UNIX
                || transport == TRANSPORT_UNSPEC;
        InetSocketAddress source = null;
        InetSocketAddress destination = null;
        if (!local) {
            int size = family == FAMILY_INET ? 4 : 16;
            source = endpoint(in, addresses, size, addresses + 2 * size);
            destination = endpoint(in, addresses + size, size, addresses + 2 * size + 2);
        }
        return done(in, new ProxyHeader(2, local, source, destination, tlvs(in, tlvStart, tlvCount)), end);
    }

    /**
     * Checks that the TLVs in {@code [from, end)} fill it exactly and that a CRC32c among them matches the header
     * that starts at {@code headerStart}. Returns how many TLVs there are, or {@link #FAILED}.
     */
    private int checkTlvs(ByteBuffer in, int headerStart, int from, int end) {
        int count = 0;
        int checksumAt = -1;
        for (int p = from; p < end; count++) {
            if (end - p < TLV_HEADER_LENGTH) return failCount("Truncated PROXY v2 TLV");
            int type = in.get(p) & 0xFF;
            int valueAt = p + TLV_HEADER_LENGTH;
            int length = unsignedShort(in, p + 1);
            if (length > end - valueAt) return failCount("Truncated PROXY v2 TLV");
            if (type == Tlv.CRC32C) {
                if (length != ZERO_CHECKSUM.length) return failCount("PROXY v2 CRC32c TLV not 4 bytes long");
                // Two checksums could not both be computed "with the checksum field zeroed".
                if (checksumAt >= 0) return failCount("Repeated PROXY v2 CRC32c TLV");
                checksumAt = valueAt;
            }
            p = valueAt + length;
        }
        if (checksumAt >= 0 && !checksumMatches(in, headerStart, end, checksumAt)) {
            return failCount("PROXY v2 CRC32c mismatch");
        }
        return count;
    }

    /**
     * CRC32c of {@code [start, end)} with the 4 bytes at {@code checksumAt} read as zeros, against those bytes
     * (big-endian). Feeds the buffer itself to {@link CRC32C} by moving its position and limit, which are restored
     * before returning: no copy and no view, for heap and direct buffers alike.
     */
    private static boolean checksumMatches(ByteBuffer in, int start, int end, int checksumAt) {
        int position = in.position();
        int limit = in.limit();
        CRC32C crc = new CRC32C();
        in.limit(checksumAt).position(start);
        crc.update(in);
        crc.update(ZERO_CHECKSUM);
        in.limit(end).position(checksumAt + ZERO_CHECKSUM.length);
        crc.update(in);
        in.limit(limit).position(position);
        int expected = unsignedShort(in, checksumAt) << 16 | unsignedShort(in, checksumAt + 2);
        return (int) crc.getValue() == expected;
    }

    private static InetSocketAddress endpoint(ByteBuffer in, int addressAt, int size, int portAt) {
        byte[] bytes = new byte[size];
        in.get(addressAt, bytes);
        return new InetSocketAddress(IpLiteral.address(bytes), unsignedShort(in, portAt));
    }

    /** The {@code count} TLVs from {@code from}, already checked by {@link #checkTlvs}. */
    private static List<Tlv> tlvs(ByteBuffer in, int from, int count) {
        if (count == 0) return List.of();
        Tlv[] tlvs = new Tlv[count];
        for (int i = 0, p = from; i < count; i++) {
            byte[] value = new byte[unsignedShort(in, p + 1)];
            in.get(p + TLV_HEADER_LENGTH, value);
            tlvs[i] = new Tlv(in.get(p) & 0xFF, value);
            p += TLV_HEADER_LENGTH + value.length;
        }
        return List.of(tlvs);
    }

    // ---- outcomes -----------------------------------------------------------------------------------------------

    private Progress done(ByteBuffer in, ProxyHeader decoded, int end) {
        header = decoded;
        in.position(end);
        return Progress.DONE;
    }

    private Progress fail(String reason) {
        error = reason;
        return Progress.ERROR;
    }

    private ProxyHeader failHeader(String reason) {
        fail(reason);
        return null;
    }

    private int failCount(String reason) {
        fail(reason);
        return FAILED;
    }

    // ---- bytes --------------------------------------------------------------------------------------------------

    /** Whether the first {@code min(available, prefix.length)} bytes at {@code start} match the prefix. */
    private static boolean startsWith(ByteBuffer in, int start, int available, byte[] prefix) {
        for (int i = 0, n = Math.min(available, prefix.length); i < n; i++) {
            if (in.get(start + i) != prefix[i]) return false;
        }
        return true;
    }

    private static int indexOfSpace(ByteBuffer in, int from, int to) {
        for (int p = from; p < to; p++) {
            if (in.get(p) == ' ') return p;
        }
        return -1;
    }

    private static boolean equalsAscii(ByteBuffer in, int from, int to, String s) {
        if (to - from != s.length()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (in.get(from + i) != s.charAt(i)) return false;
        }
        return true;
    }

    /** Big-endian whatever the buffer's byte order, which belongs to the caller. */
    private static int unsignedShort(ByteBuffer in, int at) {
        return (in.get(at) & 0xFF) << 8 | in.get(at + 1) & 0xFF;
    }
}
