package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Outcome;
import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v1 text line, table-driven: what each valid line says, and why each invalid one is refused. Every row is
 * decoded every way (whole, split at every index, byte by byte, heap, direct and read-only), which must agree.
 */
class ProxyV1DecodeTest {

    private static final String FULL_IPV6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    static Stream<Arguments> validLines() {
        return Stream.of(
                // the spec's example (section 2.1)
                row("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n",
                        proxied("192.168.0.1", 56324, "192.168.0.11", 443)),
                // the spec's worst cases: 104 bytes for TCP6, 107 for UNKNOWN
                row("PROXY TCP6 " + FULL_IPV6 + " " + FULL_IPV6 + " 65535 65535\r\n",
                        proxied(FULL_IPV6, 65535, FULL_IPV6, 65535)),
                row("PROXY UNKNOWN " + FULL_IPV6 + " " + FULL_IPV6 + " 65535 65535\r\n", unknown()),
                row("PROXY UNKNOWN\r\n", unknown()),
                row("PROXY UNKNOWN anything at all, even TCP4 1.2.3.4\r\n", unknown()),
                row("PROXY TCP4 0.0.0.0 255.255.255.255 0 65535\r\n", proxied("0.0.0.0", 0, "255.255.255.255", 65535)),
                row("PROXY TCP4 10.0.0.9 10.100.200.250 9 10\r\n", proxied("10.0.0.9", 9, "10.100.200.250", 10)),
                row("PROXY TCP6 ::1 2001:db8::1 1 2\r\n", proxied("::1", 1, "2001:db8::1", 2)),
                row("PROXY TCP6 :: 1:: 100 200\r\n", proxied("::", 100, "1::", 200)),
                row("PROXY TCP6 2001:DB8:0:0:0:0:0:1 fe80::1:2 80 443\r\n",
                        proxied("2001:db8::1", 80, "fe80::1:2", 443)),
                row("PROXY TCP6 0001:0002:0003:0004:0005:0006:0007:0008 1:2:3:4:5:6:7:: 1 2\r\n",
                        proxied("1:2:3:4:5:6:7:8", 1, "1:2:3:4:5:6:7:0", 2)),
                row("PROXY TCP6 ::1.2.3.4 1:2:3:4:5:6:10.0.0.1 1 2\r\n",
                        proxied("::102:304", 1, "1:2:3:4:5:6:a00:1", 2)),
                // an IPv4-mapped IPv6 address is reported as IPv4, as the JDK reports a direct connection
                row("PROXY TCP6 ::ffff:10.0.0.1 ::FFFF:a00:2 80 8080\r\n", proxied("10.0.0.1", 80, "10.0.0.2", 8080)));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("validLines")
    void validLineSaysWhatItSays(String line, ProxyHeader expected) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(bytes(line));
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.DONE);
        assertThat(o.header()).isEqualTo(expected);
        assertThat(o.consumed()).isEqualTo(line.length());
        assertThat(o.decidedAt()).as("answers on the LF, not before").isEqualTo(line.length());
        if (!expected.local()) {
            assertThat(o.header().source().isUnresolved()).isFalse();
            assertThat(o.header().source().getAddress().getClass())
                    .isEqualTo(expected.source().getAddress().getClass());
        }
    }

    static Stream<Arguments> invalidLines() {
        String ok = "PROXY TCP4 1.2.3.4 5.6.7.8 1 2";
        return Stream.of(
                row(ok + "\n", "PROXY v1 line ends without CR (bare LF)"),
                row("PROXY TCP4 1.2.3.4\n5.6.7.8 1 2\r\n", "PROXY v1 line ends without CR (bare LF)"),
                row("PROXY UNKNOWN\n\r\n", "PROXY v1 line ends without CR (bare LF)"),
                row(ok + "\rX", "Bare CR in PROXY v1 line"),
                row(ok + "\r\r\n", "Bare CR in PROXY v1 line"),
                // protocol
                row("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", "Unknown PROXY v1 protocol"),
                row("PROXY tcp4 1.2.3.4 5.6.7.8 1 2\r\n", "Unknown PROXY v1 protocol"),
                row("PROXY UNKNOWNX\r\n", "Unknown PROXY v1 protocol"),
                row("PROXY \r\n", "Unknown PROXY v1 protocol"),
                row("PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "Unknown PROXY v1 protocol"),
                // fields
                row("PROXY TCP4\r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4 \r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", "Malformed PROXY v1 line"),
                row(ok + " \r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "Malformed PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", "Malformed PROXY v1 line"),
                // IPv4
                row("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.999 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 300.2.3.4 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.00 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1..3.4 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4. 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.+4 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 1234 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 localhost 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP4 ::1 5.6.7.8 1 2\r\n", "Invalid address in PROXY v1 line"),
                // IPv6
                row("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::1 localhost 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1:2:3:4:5:6:7:8:: ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1::2::3 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::: ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 :1:2:3:4:5:6:7 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1:2:3:4:5:6:7: ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 12345:: ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 [::1] ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::g ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::ffff:1.2.3.256 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::ffff:01.2.3.4 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 1:2:3:4:5:6:7:1.2.3.4 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                row("PROXY TCP6 ::1.2.3.4:5 ::1 1 2\r\n", "Invalid address in PROXY v1 line"),
                // ports
                row("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1 00\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1 100000\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 1 2a\r\n", "Invalid port in PROXY v1 line"),
                row("PROXY TCP4 1.2.3.4 5.6.7.8 0x1 2\r\n", "Invalid port in PROXY v1 line"),
                // length
                row("PROXY UNKNOWN " + "x".repeat(92) + "\r\n", "PROXY v1 line too long"),
                row("PROXY UNKNOWN " + "x".repeat(300), "PROXY v1 line too long"),
                // not PROXY at all
                row("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "Not a PROXY protocol header"),
                row("PROXY\tTCP4 1.2.3.4 5.6.7.8 1 2\r\n", "Not a PROXY protocol header"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("invalidLines")
    void invalidLineIsRefused(String line, String reason) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(bytes(line));
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.ERROR);
        assertThat(o.error()).isEqualTo(reason);
        assertThat(o.consumed()).isZero();
    }

    @Test
    void theLongestLineIs107BytesCrlfIncluded() {
        String longest = "PROXY UNKNOWN " + "x".repeat(91) + "\r\n";
        assertThat(longest).hasSize(ProxyProtocolDecoder.MAX_V1_LENGTH);
        assertThat(EmbeddedProxyDecoder.decodeEveryWay(bytes(longest)).progress()).isEqualTo(Progress.DONE);

        // One more byte: refused on the CR at index 106 (no room for the LF), or on the 107th byte without a CR.
        Outcome crTooLate = EmbeddedProxyDecoder.decodeEveryWay(bytes("PROXY UNKNOWN " + "x".repeat(92) + "\r\n"));
        assertThat(crTooLate.decidedAt()).isEqualTo(107);
        Outcome noCrlf = EmbeddedProxyDecoder.decodeEveryWay(bytes("PROXY UNKNOWN " + "x".repeat(300)));
        assertThat(noCrlf.decidedAt()).isEqualTo(107);
    }

    @Test
    void anIncompleteLineWaits() {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(bytes("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r"));
        assertThat(o.progress()).isEqualTo(Progress.NEED_MORE);
        assertThat(o.decidedAt()).isEqualTo(-1);
        assertThat(o.rest()).hasSize(31);
    }

    @Test
    void errorsAreFixedStringsThatNeverEchoTheInput() {
        Outcome o = EmbeddedProxyDecoder.decode(bytes("PROXY TCP4 1.2.3.4 5.6.7.8 <script> 2\r\n"), 64);
        assertThat(o.error()).isEqualTo("Invalid port in PROXY v1 line").doesNotContain("<script>");
    }

    // ---- rows ---------------------------------------------------------------------------------------------------

    private static Arguments row(String line, Object expected) {
        return Arguments.of(line, expected);
    }

    static ProxyHeader unknown() {
        return new ProxyHeader(1, true, null, null, List.of());
    }

    static ProxyHeader proxied(String source, int sourcePort, String destination, int destinationPort) {
        return new ProxyHeader(1, false, endpoint(source, sourcePort), endpoint(destination, destinationPort),
                List.of());
    }

    /** Expected values through the JDK's own literal parser (no DNS), an oracle independent of the decoder's. */
    static InetSocketAddress endpoint(String literal, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(literal), port);
    }
}
