package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TrustedProxies#of} and {@link TrustedProxies#trusts}: addresses and CIDR blocks, IPv4 and IPv6. */
class TrustedProxiesTest {

    static Stream<Arguments> membership() {
        return Stream.of(
                // entries | address | trusted
                Arguments.of(List.of("10.0.0.0/8"), "10.0.0.0", true),
                Arguments.of(List.of("10.0.0.0/8"), "10.255.255.255", true),
                Arguments.of(List.of("10.0.0.0/8"), "11.0.0.0", false),
                Arguments.of(List.of("10.0.0.0/8"), "9.255.255.255", false),
                Arguments.of(List.of("10.1.2.3/8"), "10.200.0.1", true), // host bits ignored
                Arguments.of(List.of("192.168.1.128/25"), "192.168.1.128", true),
                Arguments.of(List.of("192.168.1.128/25"), "192.168.1.255", true),
                Arguments.of(List.of("192.168.1.128/25"), "192.168.1.127", false),
                Arguments.of(List.of("172.16.0.0/12"), "172.31.255.1", true),
                Arguments.of(List.of("172.16.0.0/12"), "172.32.0.1", false),
                Arguments.of(List.of("127.0.0.1"), "127.0.0.1", true),
                Arguments.of(List.of("127.0.0.1"), "127.0.0.2", false),
                Arguments.of(List.of("127.0.0.1/32"), "127.0.0.1", true),
                Arguments.of(List.of("0.0.0.0/0"), "203.0.113.9", true),
                Arguments.of(List.of("0.0.0.0/0"), "::1", false), // families do not mix
                Arguments.of(List.of("::/0"), "203.0.113.9", false),
                Arguments.of(List.of("::1"), "::1", true),
                Arguments.of(List.of("::1"), "::2", false),
                Arguments.of(List.of("::1"), "127.0.0.1", false),
                Arguments.of(List.of("fd00::/8"), "fd12:3456::1", true),
                Arguments.of(List.of("fd00::/8"), "fe80::1", false),
                Arguments.of(List.of("2001:db8::/32"), "2001:db8:ffff::1", true),
                Arguments.of(List.of("2001:db8::/33"), "2001:db8:8000::1", false),
                Arguments.of(List.of("2001:DB8::1/128"), "2001:db8::1", true),
                // IPv4-mapped IPv6 counts as IPv4, on either side
                Arguments.of(List.of("10.0.0.0/8"), "::ffff:10.1.2.3", true),
                Arguments.of(List.of("::ffff:10.0.0.0/104"), "10.9.9.9", true),
                Arguments.of(List.of("::ffff:10.0.0.0/104"), "11.0.0.1", false),
                Arguments.of(List.of("::ffff:127.0.0.1"), "127.0.0.1", true),
                Arguments.of(List.of(" 10.0.0.0/8 "), "10.0.0.1", true),
                Arguments.of(List.of("10.0.0.0/8", "::1"), "::1", true),
                Arguments.of(List.of(), "127.0.0.1", false));
    }

    @ParameterizedTest(name = "[{index}] {0} trusts {1}: {2}")
    @MethodSource("membership")
    void trustsWhatLiesInARange(List<String> entries, String address, boolean trusted) {
        assertThat(TrustedProxies.of(entries).trusts(InetAddress.ofLiteral(address))).isEqualTo(trusted);
    }

    @Test
    void anIpv4MappedInet6AddressMatchesIpv4Ranges() throws Exception {
        // Inet6Address.getByAddress keeps the mapped form (InetAddress.getByAddress would convert it).
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 7};
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);
        assertThat(TrustedProxies.of(List.of("10.0.0.0/8")).trusts(address)).isTrue();
        assertThat(TrustedProxies.of(List.of("::/0")).trusts(address)).isFalse();
    }

    @Test
    void noneTrustsNobody() {
        assertThat(TrustedProxies.none().trusts(InetAddress.ofLiteral("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.none().trusts(InetAddress.ofLiteral("::1"))).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "localhost", "example.com", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1",
            "10.0.0.0/8/8", "10.0.0.0/a", "10.0.0.0/ 8", "10.0.0.0/0008", "::1/129", "::/1280", "10.0.0", "127.1",
            "010.0.0.1", "1.2.3.4.5", "256.0.0.1", "[::1]", "[::1]/128", "fe80::1%eth0", "fe80::1%1", ":::1",
            "1:2:3:4:5:6:7:8:9", "::ffff:10.0.0.0/95", "::ffff:010.0.0.1", "0x7f.0.0.1", "1.2.3.4/8,"})
    void refusesEntriesThatAreNotLiteralsNamingThem(String entry) {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("127.0.0.1", entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry.strip());
    }

    @Test
    void printsItsRanges() {
        assertThat(TrustedProxies.of(List.of("10.1.2.3/8", "::1")))
                .hasToString("TrustedProxies[10.0.0.0/8, 0:0:0:0:0:0:0:1/128]");
    }
}
