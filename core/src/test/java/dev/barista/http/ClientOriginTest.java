package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TrustedProxies#resolve}: who the client is behind trusted proxies, and why spoofed forwarding headers
 * change nothing. Proxies here are 10.0.0.0/8, fd00::/8 and 127.0.0.1; 198.51.100.7 is the real client, 6.6.6.6
 * an address a client made up.
 */
class ClientOriginTest {

    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8", "127.0.0.1"));

    /** Fields as name, value pairs; the expected origin as address, port, scheme and host (the peer's port is 5555). */
    private static Arguments row(String description, String peer, List<String> fields, String address, int port,
                                 String scheme, String host) {
        return Arguments.of(description, peer, fields, address, port, scheme, host);
    }

    static Stream<Arguments> origins() {
        return Stream.of(
                // ---- an untrusted peer: every forwarding header is ignored
                row("untrusted peer, X-Forwarded-*", "203.0.113.7", List.of("X-Forwarded-For", "198.51.100.7",
                        "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"), "203.0.113.7", 5555, "http",
                        null),
                row("untrusted peer, Forwarded", "203.0.113.7",
                        List.of("Forwarded", "for=198.51.100.7;proto=https;host=evil.example"), "203.0.113.7", 5555,
                        "http", null),
                row("untrusted peer claims to forward for a proxy", "203.0.113.7",
                        List.of("X-Forwarded-For", "10.0.0.1", "Forwarded", "for=127.0.0.1"), "203.0.113.7", 5555,
                        "http", null),
                row("untrusted IPv6 peer", "2001:db8::99", List.of("X-Forwarded-For", "198.51.100.7"), "2001:db8::99",
                        5555, "http", null),

                // ---- a trusted peer, X-Forwarded-For
                row("trusted peer, no headers", "10.0.0.1", List.of(), "10.0.0.1", 5555, "http", null),
                row("one hop", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7"), "198.51.100.7", 0, "http", null),
                row("client-supplied entry left of the real one", "10.0.0.1",
                        List.of("X-Forwarded-For", "6.6.6.6, 198.51.100.7"), "198.51.100.7", 0, "http", null),
                row("client claims to be a proxy", "10.0.0.1",
                        List.of("X-Forwarded-For", "10.0.0.3, 198.51.100.7"), "198.51.100.7", 0, "http", null),
                row("several trusted proxies", "10.0.0.1",
                        List.of("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2, 127.0.0.1"), "198.51.100.7", 0,
                        "http", null),
                row("every hop trusted: the leftmost", "10.0.0.1", List.of("X-Forwarded-For", "10.0.0.5, 10.0.0.2"),
                        "10.0.0.5", 0, "http", null),
                row("lines in order", "10.0.0.1",
                        List.of("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7, 10.0.0.2"),
                        "198.51.100.7", 0, "http", null),
                row("unknown ends the walk at the last trusted hop", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7, unknown, 10.0.0.2"), "10.0.0.2", 0, "http", null),
                row("unknown nearest: the peer", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7, unknown"),
                        "10.0.0.1", 5555, "http", null),
                row("junk", "10.0.0.1", List.of("X-Forwarded-For", "<script>"), "10.0.0.1", 5555, "http", null),
                row("hostname is no address", "10.0.0.1", List.of("X-Forwarded-For", "client.example"), "10.0.0.1",
                        5555, "http", null),
                row("empty entry", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7, , 10.0.0.2"), "10.0.0.2", 0,
                        "http", null),
                row("empty field", "10.0.0.1", List.of("X-Forwarded-For", ""), "10.0.0.1", 5555, "http", null),
                row("ambiguous IPv4 forms are not read", "10.0.0.1", List.of("X-Forwarded-For", "010.0.0.1"),
                        "10.0.0.1", 5555, "http", null),
                row("short IPv4 form", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7, 10.1"), "10.0.0.1", 5555,
                        "http", null),
                row("IPv4 with port", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7:4711"), "198.51.100.7",
                        4711, "http", null),
                row("port out of range", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7:65536"), "10.0.0.1",
                        5555, "http", null),
                row("bare IPv6", "10.0.0.1", List.of("X-Forwarded-For", "2001:db8::7"), "2001:db8::7", 0, "http", null),
                row("bracketed IPv6 with port", "10.0.0.1", List.of("X-Forwarded-For", "[2001:db8::7]:4711"),
                        "2001:db8::7", 4711, "http", null),
                row("IPv6 trusted proxy in the chain", "fd00::1",
                        List.of("X-Forwarded-For", "2001:db8::7, fd12::2"), "2001:db8::7", 0, "http", null),
                row("IPv6 zone is refused", "10.0.0.1", List.of("X-Forwarded-For", "fe80::1%eth0"), "10.0.0.1", 5555,
                        "http", null),
                row("IPv4-mapped proxy hop", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7, ::ffff:10.0.0.9"), "198.51.100.7", 0, "http", null),
                row("IPv4-mapped client", "10.0.0.1", List.of("X-Forwarded-For", "::ffff:198.51.100.7"),
                        "198.51.100.7", 0, "http", null),

                // ---- X-Forwarded-Proto and -Host
                row("proto and host", "10.0.0.1", List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto",
                        "https", "X-Forwarded-Host", "shop.example"), "198.51.100.7", 0, "https", "shop.example"),
                row("proto case-insensitive", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "HTTPS"), "198.51.100.7", 0,
                        "https", null),
                row("proto other than http(s) ignored", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "javascript"), "198.51.100.7",
                        0, "http", null),
                row("host with a space ignored", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Host", "a b"), "198.51.100.7", 0,
                        "http", null),
                row("host with a slash ignored", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Host", "evil.example/x"),
                        "198.51.100.7", 0, "http", null),
                row("host with a port and IPv6 host", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Host", "[2001:db8::1]:8443"),
                        "198.51.100.7", 0, "http", "[2001:db8::1]:8443"),
                row("counts match: same position as the client hop", "10.0.0.1",
                        List.of("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2",
                                "X-Forwarded-Proto", "http, https, http",
                                "X-Forwarded-Host", "evil.example, shop.example, internal"),
                        "198.51.100.7", 0, "https", "shop.example"),
                row("counts differ: rightmost", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7, 10.0.0.2", "X-Forwarded-Proto", "https",
                                "X-Forwarded-Host", "evil.example, shop.example, edge.example"),
                        "198.51.100.7", 0, "https", "edge.example"),
                row("a spoofed proto left of the edge's is not used", "10.0.0.1",
                        List.of("X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "http, https"),
                        "198.51.100.7", 0, "https", null),
                row("proto without X-Forwarded-For: the peer said it", "10.0.0.1",
                        List.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example"), "10.0.0.1", 5555,
                        "https", "shop.example"),
                row("unknown hop: proto at its position", "10.0.0.1",
                        List.of("X-Forwarded-For", "unknown, 10.0.0.2", "X-Forwarded-Proto", "https, http"),
                        "10.0.0.2", 0, "https", null),

                // ---- Forwarded
                row("Forwarded one hop", "10.0.0.1",
                        List.of("Forwarded", "for=198.51.100.7;proto=https;host=shop.example"), "198.51.100.7", 0,
                        "https", "shop.example"),
                row("Forwarded spoofed element left of the real one", "10.0.0.1",
                        List.of("Forwarded", "for=6.6.6.6;proto=http;host=evil.example, "
                                + "for=198.51.100.7;proto=https;host=shop.example"),
                        "198.51.100.7", 0, "https", "shop.example"),
                row("Forwarded client claims to be a proxy", "10.0.0.1",
                        List.of("Forwarded", "for=10.0.0.3, for=198.51.100.7"), "198.51.100.7", 0, "http", null),
                row("Forwarded through several proxies", "10.0.0.1",
                        List.of("Forwarded", "for=198.51.100.7;proto=https;host=shop.example",
                                "Forwarded", "for=10.0.0.2;proto=http;host=internal"),
                        "198.51.100.7", 0, "https", "shop.example"),
                row("Forwarded every hop trusted", "10.0.0.1",
                        List.of("Forwarded", "for=10.0.0.5;proto=https, for=10.0.0.6;proto=http"), "10.0.0.5", 0,
                        "https", null),
                row("Forwarded IPv6 with port", "10.0.0.1",
                        List.of("Forwarded", "for=\"[2001:db8:cafe::17]:4711\""), "2001:db8:cafe::17", 4711, "http",
                        null),
                row("Forwarded obfuscated port", "10.0.0.1", List.of("Forwarded", "for=\"198.51.100.7:_p1\""),
                        "198.51.100.7", 0, "http", null),
                row("Forwarded obfuscated node: what the trusted proxy received", "10.0.0.1",
                        List.of("Forwarded", "for=_hidden;proto=https;host=shop.example"), "10.0.0.1", 5555, "https",
                        "shop.example"),
                row("Forwarded unknown in the middle", "10.0.0.1",
                        List.of("Forwarded", "for=198.51.100.7, for=unknown;proto=https, for=10.0.0.2"), "10.0.0.2", 0,
                        "https", null),
                row("Forwarded without for", "10.0.0.1", List.of("Forwarded", "proto=https"), "10.0.0.1", 5555,
                        "https", null),
                row("Forwarded bare IPv6 is not RFC 7239", "10.0.0.1", List.of("Forwarded", "for=\"2001:db8::7\""),
                        "10.0.0.1", 5555, "http", null),
                row("Forwarded unquoted IPv6 is malformed", "10.0.0.1",
                        List.of("Forwarded", "for=[2001:db8::7];proto=https"), "10.0.0.1", 5555, "http", null),
                row("Forwarded bad proto and host ignored", "10.0.0.1",
                        List.of("Forwarded", "for=198.51.100.7;proto=gopher;host=\"a b\""), "198.51.100.7", 0, "http",
                        null),
                row("Forwarded malformed: says nothing, and X-Forwarded-For is not consulted", "10.0.0.1",
                        List.of("Forwarded", "for=198.51.100.7;for=6.6.6.6", "X-Forwarded-For", "6.6.6.6",
                                "X-Forwarded-Proto", "https"),
                        "10.0.0.1", 5555, "http", null),
                row("Forwarded broken by the client spoils the whole field", "10.0.0.1",
                        List.of("Forwarded", "for=\"6.6.6.6, for=198.51.100.7"), "10.0.0.1", 5555, "http", null),
                row("Forwarded wins over X-Forwarded-For", "10.0.0.1",
                        List.of("X-Forwarded-For", "6.6.6.6", "Forwarded", "for=198.51.100.7", "X-Forwarded-Proto",
                                "https"),
                        "198.51.100.7", 0, "http", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("origins")
    void resolves(String description, String peer, List<String> fields, String address, int port, String scheme,
                  String host) {
        InetSocketAddress peerAddress = new InetSocketAddress(InetAddress.ofLiteral(peer), 5555);
        Headers headers = HeadersTest.of(fields.toArray(String[]::new));
        ClientOrigin origin = PROXIES.resolve(peerAddress, headers, "http");
        assertThat(origin.address().getAddress()).isEqualTo(InetAddress.ofLiteral(address));
        assertThat(origin.address().getPort()).isEqualTo(port);
        assertThat(origin.address().isUnresolved()).isFalse();
        assertThat(origin.scheme()).isEqualTo(scheme);
        assertThat(origin.host()).isEqualTo(host);
    }

    @Test
    void theConnectionSchemeAppliesWhenNoTrustedProxySaysOtherwise() {
        InetSocketAddress peer = new InetSocketAddress(InetAddress.ofLiteral("10.0.0.1"), 443);
        assertThat(PROXIES.resolve(peer, HeadersTest.of("X-Forwarded-For", "198.51.100.7"), "https").scheme())
                .isEqualTo("https");
        assertThat(PROXIES.resolve(peer, HeadersTest.of("X-Forwarded-Proto", "http"), "https").scheme())
                .isEqualTo("http");
        InetSocketAddress untrusted = new InetSocketAddress(InetAddress.ofLiteral("203.0.113.7"), 443);
        assertThat(PROXIES.resolve(untrusted, HeadersTest.of("X-Forwarded-Proto", "http"), "https"))
                .isEqualTo(new ClientOrigin(untrusted, "https", null));
    }

    @Test
    void noneIgnoresEveryHeader() {
        InetSocketAddress peer = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 1234);
        Headers headers = HeadersTest.of("Forwarded", "for=198.51.100.7;proto=https", "X-Forwarded-For", "6.6.6.6");
        assertThat(TrustedProxies.none().resolve(peer, headers, "http"))
                .isEqualTo(new ClientOrigin(peer, "http", null));
    }

    @Test
    void anIpv4MappedPeerIsTrustedAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 1};
        InetSocketAddress peer = new InetSocketAddress(Inet6Address.getByAddress(null, mapped, -1), 80);
        ClientOrigin origin = PROXIES.resolve(peer, HeadersTest.of("X-Forwarded-For", "198.51.100.7"), "http");
        assertThat(origin.address().getAddress()).isEqualTo(InetAddress.ofLiteral("198.51.100.7"));
    }

    @Test
    void anUnresolvedPeerIsNotTrusted() {
        InetSocketAddress peer = InetSocketAddress.createUnresolved("10.0.0.1", 80);
        assertThat(PROXIES.resolve(peer, HeadersTest.of("X-Forwarded-For", "198.51.100.7"), "http"))
                .isEqualTo(new ClientOrigin(peer, "http", null));
    }
}
