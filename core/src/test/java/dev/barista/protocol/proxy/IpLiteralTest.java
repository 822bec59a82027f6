package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The v1 line's address literals, checked against the JDK's own literal parser ({@code InetAddress.ofLiteral}, which
 * never resolves) as an oracle: whatever we accept, it accepts as the same address; it is laxer than we are (it
 * takes "1.2.3", leading zeros, brackets and zone ids), never stricter.
 */
class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "1::2", "2001:db8::1", "fe80::1:2:3", "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "ABCD:ef01:2345:6789:abcd:EF01:2345:6789", "0:0:0:0:0:0:0:0",
            "0000:0000::0000",
            "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1::1.2.3.4", "::ffff:255.255.255.255"})
    void validIpv6IsTheJdksAddress(String literal) {
        assertThat(ipv6(literal)).isEqualTo(sixteenBytes(InetAddress.ofLiteral(literal)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1", "1:2", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8", "1::2::3", ":1::", "1::2:", "1:2:3:4:5:6:7:", ":1:2:3:4:5:6:7:8", "00000::1",
            "g::", "::1 ", " ::1", "[::1]", "fe80::1%eth0", "fe80::1%1", "::1.2.3", "::01.2.3.4", "::1.2.3.256",
            "1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4:5", "::1.2.3.4.5", "::1a.2.3.4", "1:2:3:4:5:6:7:8:1.2.3.4"})
    void invalidIpv6IsRefused(String literal) {
        assertThat(ipv6(literal)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "1.2.3.4", "255.255.255.255", "10.0.0.1", "192.168.100.200", "9.99.199.0"})
    void validIpv4IsTheJdksAddress(String literal) {
        long bits = IpLiteral.parseIpv4(wrap(literal), 0, literal.length());
        assertThat(IpLiteral.ipv4Address(bits)).isEqualTo(InetAddress.ofLiteral(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1.2.3", "1.2.3.4.5", "1.2.3.256", "256.1.1.1", "01.2.3.4", "1.2.3.00", "1.2.3.4.",
            ".1.2.3.4", "1..2.3", "1.2.3.-4", "1.2.3.+4", "1.2.3.4 ", "0x1.2.3.4", "1.2.3.1000", "1.2.3.4a", "::1"})
    void invalidIpv4IsRefused(String literal) {
        assertThat(IpLiteral.parseIpv4(wrap(literal), 0, literal.length())).isEqualTo(IpLiteral.INVALID);
    }

    @Property(tries = 1000)
    void everySpellingOfAnIpv6AddressReadsBackAsIt(
            @ForAll("addresses") byte[] address, @ForAll @IntRange(max = IpText.STYLES - 1) int style) {
        String text = IpText.ipv6(address, style);
        assertThat(ipv6(text)).as(text).isEqualTo(address);
        assertThat(sixteenBytes(InetAddress.ofLiteral(text))).as(text).isEqualTo(address);
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(16),
                Arbitraries.of((byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0xFF).array(byte[].class).ofSize(16));
    }

    @Property(tries = 2000)
    void whateverWeAcceptTheJdkAcceptsAsTheSameAddress(
            @ForAll("ipv6ish") String text) {
        byte[] ours = ipv6(text);
        if (ours == null) return;
        assertThat(sixteenBytes(InetAddress.ofLiteral(text))).as(text).isEqualTo(ours);
    }

    @Provide
    Arbitrary<String> ipv6ish() {
        return Arbitraries.strings().withChars("0123456789abcdefABCDEF:::::.").ofMaxLength(45);
    }

    @Property(tries = 1000)
    void ipv4TextReadsBackAndAgreesWithTheJdk(@ForAll @Size(4) byte[] address) {
        String text = IpText.ipv4(address);
        long bits = IpLiteral.parseIpv4(wrap(text), 0, text.length());
        assertThat(IpLiteral.ipv4Address(bits).getAddress()).isEqualTo(address);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Parses the literal placed in the middle of a direct buffer, between bytes that would extend it. */
    private static byte[] ipv6(String literal) {
        byte[] text = bytes("1:" + literal + ":1");
        ByteBuffer in = ByteBuffer.allocateDirect(text.length).put(0, text);
        byte[] into = new byte[16];
        return IpLiteral.parseIpv6(in, 2, 2 + literal.length(), into) ? into : null;
    }

    private static ByteBuffer wrap(String s) {
        return ByteBuffer.wrap(bytes(s)).asReadOnlyBuffer();
    }

    /** The address as 16 bytes: the JDK turns ::ffff:a.b.c.d into IPv4, so turn it back. */
    private static byte[] sixteenBytes(InetAddress address) {
        byte[] b = address.getAddress();
        if (!(address instanceof Inet4Address)) return b;
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }
}
