package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.ProxyV1DecodeTest.endpoint;
import static dev.barista.protocol.proxy.ProxyV2Encoder.LOCAL;
import static dev.barista.protocol.proxy.ProxyV2Encoder.PROXY;
import static dev.barista.protocol.proxy.ProxyV2Encoder.TCP4;
import static dev.barista.protocol.proxy.ProxyV2Encoder.TCP6;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UDP4;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UDP6;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UNIX_DGRAM;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UNIX_STREAM;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UNSPEC;
import static dev.barista.protocol.proxy.ProxyV2Encoder.checksum;
import static dev.barista.protocol.proxy.ProxyV2Encoder.concat;
import static dev.barista.protocol.proxy.ProxyV2Encoder.encode;
import static dev.barista.protocol.proxy.ProxyV2Encoder.inet;
import static dev.barista.protocol.proxy.ProxyV2Encoder.tlv;
import static dev.barista.protocol.proxy.ProxyV2Encoder.unix;
import static dev.barista.protocol.proxy.ProxyV2Encoder.withLength;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Outcome;
import dev.barista.protocol.proxy.ProxyHeader.Tlv;
import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v2 binary header, table-driven: what each valid header says, and why each invalid one is refused, and on which
 * byte. Every row is decoded every way (whole, split at every index, byte by byte, heap, direct and read-only),
 * which must agree.
 */
class ProxyV2DecodeTest {

    private static final byte[] CLIENT4 = ip("192.168.0.1");
    private static final byte[] SERVER4 = ip("192.168.0.11");
    private static final byte[] CLIENT6 = ip("2001:db8::1");
    private static final byte[] SERVER6 = ip("2001:db8::2:0:0:ff");
    private static final byte[] INET4_BLOCK = inet(CLIENT4, SERVER4, 56324, 443);
    private static final byte[] INET6_BLOCK = inet(CLIENT6, SERVER6, 65535, 0);
    private static final Tlv ALPN = tlv(Tlv.ALPN, "h2");
    private static final Tlv AUTHORITY = tlv(Tlv.AUTHORITY, "example.com");
    private static final Tlv NOOP = new Tlv(Tlv.NOOP, new byte[0]);
    private static final Tlv LARGE = new Tlv(0xE0, new byte[300]);

    static Stream<Arguments> validHeaders() {
        byte[] withChecksum = encode(PROXY, TCP4, INET4_BLOCK, AUTHORITY, checksum());
        byte[] checksumFirst = encode(LOCAL, UNSPEC, new byte[0], checksum(), ALPN);
        return Stream.of(
                row("LOCAL, UNSPEC, nothing else (a health check)", encode(LOCAL, UNSPEC, new byte[0]), local()),
                row("PROXY TCP4", encode(PROXY, TCP4, INET4_BLOCK),
                        proxied("192.168.0.1", 56324, "192.168.0.11", 443)),
                row("PROXY TCP6", encode(PROXY, TCP6, INET6_BLOCK),
                        proxied("2001:db8::1", 65535, "2001:db8::2:0:0:ff", 0)),
                row("PROXY TCP6 with IPv4-mapped addresses, reported as IPv4",
                        encode(PROXY, TCP6, inet(ip("::ffff:10.0.0.1"), ip("::ffff:10.0.0.2"), 1, 2)),
                        proxied("10.0.0.1", 1, "10.0.0.2", 2)),
                row("PROXY UNIX stream: the connection's own addresses apply",
                        encode(PROXY, UNIX_STREAM, unix("/run/a.sock", "/run/b.sock")), local()),
                row("PROXY UNSPEC", encode(PROXY, UNSPEC, new byte[0]), local()),
                row("PROXY AF_INET with an unspecified transport", encode(PROXY, 0x10, INET4_BLOCK), local()),
                row("PROXY AF_UNSPEC over STREAM", encode(PROXY, 0x01, new byte[0]), local()),
                row("LOCAL with a TCP4 block: the addresses are ignored", encode(LOCAL, TCP4, INET4_BLOCK), local()),
                row("LOCAL over UDP: nothing to serve, nothing refused", encode(LOCAL, UDP4, INET4_BLOCK), local()),
                row("LOCAL UNIX datagram", encode(LOCAL, UNIX_DGRAM, unix("a", "b")), local()),
                row("TLVs after TCP4", encode(PROXY, TCP4, INET4_BLOCK, ALPN, AUTHORITY, NOOP, LARGE),
                        proxied("192.168.0.1", 56324, "192.168.0.11", 443, ALPN, AUTHORITY, NOOP, LARGE)),
                row("TLVs after TCP6", encode(PROXY, TCP6, INET6_BLOCK, NOOP),
                        proxied("2001:db8::1", 65535, "2001:db8::2:0:0:ff", 0, NOOP)),
                row("TLVs with LOCAL UNSPEC", encode(LOCAL, UNSPEC, new byte[0], AUTHORITY), local(AUTHORITY)),
                row("TLVs after a UNIX block", encode(PROXY, UNIX_STREAM, unix("a", "b"), ALPN), local(ALPN)),
                row("an SSL TLV is kept whole, sub-TLVs and all",
                        encode(PROXY, TCP4, INET4_BLOCK, new Tlv(Tlv.SSL, new byte[] {1, 0, 0, 0, 0, 0x21, 0, 1, 'x'})),
                        proxied("192.168.0.1", 56324, "192.168.0.11", 443,
                                new Tlv(Tlv.SSL, new byte[] {1, 0, 0, 0, 0, 0x21, 0, 1, 'x'}))),
                row("a good CRC32c", withChecksum, proxied("192.168.0.1", 56324, "192.168.0.11", 443, AUTHORITY,
                        new Tlv(Tlv.CRC32C, Arrays.copyOfRange(withChecksum, 45, 49)))),
                row("a good CRC32c, first of the TLVs, with LOCAL", checksumFirst,
                        local(new Tlv(Tlv.CRC32C, Arrays.copyOfRange(checksumFirst, 19, 23)), ALPN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeaders")
    void validHeaderSaysWhatItSays(String name, byte[] header, ProxyHeader expected) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(header);
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.DONE);
        assertThat(o.header()).isEqualTo(expected);
        assertThat(o.consumed()).isEqualTo(header.length);
        assertThat(o.decidedAt()).as("answers on the last byte, not before").isEqualTo(header.length);
    }

    static Stream<Arguments> invalidHeaders() {
        byte[] good = encode(PROXY, TCP4, INET4_BLOCK, AUTHORITY, checksum());
        byte[] flipped = good.clone();
        flipped[17] ^= 1; // an address bit
        byte[] wrongValue = good.clone();
        wrongValue[good.length - 1] ^= (byte) 0x80; // the checksum itself
        byte[] checksumNot4 = encode(PROXY, TCP4, INET4_BLOCK, new Tlv(Tlv.CRC32C, new byte[3]));
        return Stream.of(
                row("version 1", header(0x11, TCP4, 12), "Unsupported PROXY v2 version", 13),
                row("version 3", header(0x31, TCP4, 12), "Unsupported PROXY v2 version", 13),
                row("version 0", header(0x01, TCP4, 12), "Unsupported PROXY v2 version", 13),
                row("command 2", header(0x22, TCP4, 12), "Unknown PROXY v2 command", 13),
                row("command 15", header(0x2F, TCP4, 12), "Unknown PROXY v2 command", 13),
                row("family 4", header(PROXY, 0x41, 12), "Unknown PROXY v2 address family or transport", 14),
                row("family 15 with LOCAL", header(LOCAL, 0xF0, 0), "Unknown PROXY v2 address family or transport", 14),
                row("transport 3", header(PROXY, 0x13, 12), "Unknown PROXY v2 address family or transport", 14),
                row("PROXY UDP4", header(PROXY, UDP4, 12), "PROXY v2 datagram transport", 14),
                row("PROXY UDP6", header(PROXY, UDP6, 36), "PROXY v2 datagram transport", 14),
                row("PROXY UNIX datagram", header(PROXY, UNIX_DGRAM, 216), "PROXY v2 datagram transport", 14),
                row("PROXY AF_UNSPEC datagram", header(PROXY, 0x02, 0), "PROXY v2 datagram transport", 14),
                row("TCP4 length 11", header(PROXY, TCP4, 11), "PROXY v2 length shorter than its address block", 16),
                row("TCP6 length 35", header(PROXY, TCP6, 35), "PROXY v2 length shorter than its address block", 16),
                row("UNIX length 215", header(PROXY, UNIX_STREAM, 215),
                        "PROXY v2 length shorter than its address block", 16),
                row("LOCAL TCP4 length 0: the length still holds the family's block", header(LOCAL, TCP4, 0),
                        "PROXY v2 length shorter than its address block", 16),
                row("a TLV header cut short",
                        concat(withLength(encode(PROXY, TCP4, INET4_BLOCK), 14), new byte[] {1, 0}),
                        "Truncated PROXY v2 TLV", 30),
                row("a TLV value longer than the rest",
                        concat(withLength(encode(PROXY, TCP4, INET4_BLOCK), 17), new byte[] {1, 0, 3, 'h', '2'}),
                        "Truncated PROXY v2 TLV", 33),
                row("a TLV value with a length near 65535",
                        concat(withLength(encode(PROXY, TCP4, INET4_BLOCK), 15), new byte[] {1, -1, -1}),
                        "Truncated PROXY v2 TLV", 31),
                row("a bit flipped under the CRC32c", flipped, "PROXY v2 CRC32c mismatch", good.length),
                row("a CRC32c that is wrong", wrongValue, "PROXY v2 CRC32c mismatch", good.length),
                row("a CRC32c of 3 bytes", checksumNot4, "PROXY v2 CRC32c TLV not 4 bytes long", checksumNot4.length),
                row("two CRC32c TLVs", encode(PROXY, TCP4, INET4_BLOCK, checksum(), checksum()),
                        "Repeated PROXY v2 CRC32c TLV", 16 + 12 + 14));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidHeaders")
    void invalidHeaderIsRefusedOnTheByteThatDecides(String name, byte[] header, String reason, int decidedAt) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(header);
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.ERROR);
        assertThat(o.error()).isEqualTo(reason);
        assertThat(o.decidedAt()).isEqualTo(decidedAt);
        assertThat(o.consumed()).isZero();
    }

    @Test
    void aHeaderOverTheLimitIsRefusedOnItsLengthFieldWithoutWaitingForTheRest() {
        byte[] header = encode(PROXY, TCP4, INET4_BLOCK, LARGE); // 16 + 12 + 303 = 331 bytes
        assertThat(header).hasSize(331);
        Outcome tooLarge = EmbeddedProxyDecoder.decodeEveryWay(Arrays.copyOf(header, 16), 330);
        assertThat(tooLarge.error()).isEqualTo("PROXY v2 header too large");
        assertThat(tooLarge.decidedAt()).isEqualTo(16);
        assertThat(EmbeddedProxyDecoder.decodeEveryWay(header, 331).progress()).isEqualTo(Progress.DONE);
        assertThat(EmbeddedProxyDecoder.decodeEveryWay(header, 330).error()).isEqualTo("PROXY v2 header too large");

        // The smallest limit there is still takes a LOCAL health check.
        assertThat(EmbeddedProxyDecoder.decodeEveryWay(encode(LOCAL, UNSPEC, new byte[0]), 16).progress())
                .isEqualTo(Progress.DONE);
    }

    @Test
    void anIncompleteHeaderWaits() {
        byte[] header = encode(PROXY, TCP6, INET6_BLOCK, ALPN);
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(Arrays.copyOf(header, header.length - 1));
        assertThat(o.progress()).isEqualTo(Progress.NEED_MORE);
        assertThat(o.rest()).hasSize(header.length - 1);
    }

    @Test
    void theTestEncodersCrc32cIsTheCastagnoliOne() {
        // The standard check value of CRC-32C (RFC 3720 B.4 and every CRC catalogue).
        assertThat(ProxyV2Encoder.crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
    }

    // ---- rows ---------------------------------------------------------------------------------------------------

    private static Arguments row(Object... values) {
        return Arguments.of(values);
    }

    /** Just the 16 fixed bytes, with this length field: enough for every check that the fixed part decides. */
    private static byte[] header(int versionCommand, int familyTransport, int length) {
        return withLength(encode(versionCommand, familyTransport, new byte[0]), length);
    }

    private static byte[] ip(String literal) {
        byte[] bytes = InetAddress.ofLiteral(literal).getAddress();
        if (bytes.length == 4 && literal.contains(":")) { // ofLiteral maps ::ffff:a.b.c.d to IPv4; put it back
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            return mapped;
        }
        return bytes;
    }

    static ProxyHeader local(Tlv... tlvs) {
        return new ProxyHeader(2, true, null, null, List.of(tlvs));
    }

    static ProxyHeader proxied(String source, int sourcePort, String destination, int destinationPort, Tlv... tlvs) {
        return new ProxyHeader(2, false, endpoint(source, sourcePort), endpoint(destination, destinationPort),
                List.of(tlvs));
    }
}
