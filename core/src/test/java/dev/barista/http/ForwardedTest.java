package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Forwarded}: the Forwarded field (RFC 7239 4), parsed all or nothing. */
class ForwardedTest {

    private static ForwardedElement element(String forNode, String byNode, String host, String proto) {
        return new ForwardedElement(forNode, byNode, host, proto);
    }

    private static ForwardedElement forNode(String forNode) {
        return element(forNode, null, null, null);
    }

    static Stream<Arguments> parses() {
        return Stream.of(
                // field lines | elements
                Arguments.of(List.of("for=192.0.2.60"), List.of(forNode("192.0.2.60"))),
                Arguments.of(List.of("For=\"_gazonk\""), List.of(forNode("_gazonk"))),
                Arguments.of(List.of("for=\"[2001:db8:cafe::17]:4711\""), List.of(forNode("[2001:db8:cafe::17]:4711"))),
                Arguments.of(List.of("for=192.0.2.60;proto=http;by=203.0.113.43"),
                        List.of(element("192.0.2.60", "203.0.113.43", null, "http"))),
                Arguments.of(List.of("for=192.0.2.43, for=198.51.100.17"),
                        List.of(forNode("192.0.2.43"), forNode("198.51.100.17"))),
                Arguments.of(List.of("for=192.0.2.43,for=198.51.100.17;by=203.0.113.60;proto=http;host=example.com"),
                        List.of(forNode("192.0.2.43"),
                                element("198.51.100.17", "203.0.113.60", "example.com", "http"))),
                Arguments.of(List.of("for=a", "for=b, for=c"), List.of(forNode("a"), forNode("b"), forNode("c"))),
                Arguments.of(List.of("FOR=a;PROTO=HTTPS;HOST=\"Example.com:8443\""),
                        List.of(element("a", null, "Example.com:8443", "HTTPS"))),
                Arguments.of(List.of("for=unknown"), List.of(forNode("unknown"))),
                Arguments.of(List.of("proto=https"), List.of(element(null, null, null, "https"))),
                Arguments.of(List.of("for=a;ext=1;other=\"x y\""), List.of(forNode("a"))), // extensions ignored
                Arguments.of(List.of("for=\"a\\\"b\""), List.of(forNode("a\"b"))),
                Arguments.of(List.of("for=\"a,b;c\""), List.of(forNode("a,b;c"))),
                // lenient whitespace: around list commas, and around ';' as some proxies write it
                Arguments.of(List.of("  for=a ,\tfor=b  "), List.of(forNode("a"), forNode("b"))),
                Arguments.of(List.of("for=a; proto=https ;host=h"), List.of(element("a", null, "h", "https"))),
                // empty list elements and empty pairs are ignored
                Arguments.of(List.of(", ,for=a,,"), List.of(forNode("a"))),
                Arguments.of(List.of("for=a;;proto=http;"), List.of(element("a", null, null, "http"))),
                Arguments.of(List.of(";"), List.of()),
                Arguments.of(List.of(""), List.of()),
                Arguments.of(List.of(), List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parses")
    void parses(List<String> lines, List<ForwardedElement> expected) {
        assertThat(Forwarded.parse(lines)).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of(List.of("for=[2001:db8::1]")), // unquoted IPv6: ':' and '[' are not tchar
                Arguments.of(List.of("for=192.0.2.1:80")),
                Arguments.of(List.of("for")),
                Arguments.of(List.of("for=")),
                Arguments.of(List.of("=a")),
                Arguments.of(List.of("for =a")),
                Arguments.of(List.of("for= a")),
                Arguments.of(List.of("for=a b")),
                Arguments.of(List.of("for=a proto=http")),
                Arguments.of(List.of("for=\"unterminated")),
                Arguments.of(List.of("for=\"a\\")),
                Arguments.of(List.of("for=\"a\u0001\"")),
                Arguments.of(List.of("for=\"a\"b")),
                Arguments.of(List.of("for=a;for=b")), // a parameter twice in one element
                Arguments.of(List.of("for=a;FOR=b")),
                Arguments.of(List.of("proto=http;Proto=https")),
                Arguments.of(List.of("for=a;ext=1;ext=2")),
                Arguments.of(List.of("f\u00f6r=a")),
                // one bad line spoils them all: never half-trust
                Arguments.of(List.of("for=1.2.3.4", "for=\"oops")),
                Arguments.of(List.of("for=\"oops, for=1.2.3.4")),
                Arguments.of(List.of("for=1.2.3.4, junk, for=5.6.7.8")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void malformedFieldsYieldNothing(List<String> lines) {
        assertThat(Forwarded.parse(lines)).isEmpty();
    }
}
