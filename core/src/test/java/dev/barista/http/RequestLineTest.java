package dev.barista.http;

import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request line: method token, the three target forms, path and query, version; and how each goes wrong. */
class RequestLineTest {

    private static final String HOST = "Host: example.com\r\n";

    static Stream<Arguments> validRequestLines() {
        // request line | method | path | query | authority | version
        return Stream.of(
                Arguments.of("GET / HTTP/1.1", "GET", "/", null, "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("GET /a/b/c HTTP/1.1", "GET", "/a/b/c", null, "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("GET /search?q=coffee&n=10 HTTP/1.1", "GET", "/search", "q=coffee&n=10", "example.com",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET /empty? HTTP/1.1", "GET", "/empty", "", "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("GET /q?a?b=/c HTTP/1.1", "GET", "/q", "a?b=/c", "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("GET /%7Euser/caf%C3%A9 HTTP/1.1", "GET", "/%7Euser/caf%C3%A9", null, "example.com",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET //double//slash HTTP/1.1", "GET", "//double//slash", null, "example.com",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET /a;p=1,b=$!*'()[]@:+~ HTTP/1.1", "GET", "/a;p=1,b=$!*'()[]@:+~", null, "example.com",
                        HttpVersion.HTTP_1_1),
                Arguments.of("HEAD /index.html HTTP/1.1", "HEAD", "/index.html", null, "example.com",
                        HttpVersion.HTTP_1_1),
                Arguments.of("OPTIONS * HTTP/1.1", "OPTIONS", "*", null, "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("OPTIONS /x HTTP/1.1", "OPTIONS", "/x", null, "example.com", HttpVersion.HTTP_1_1),
                // absolute-form: the target's authority wins over Host (RFC 9112 3.2.2)
                Arguments.of("GET http://other.test/p?x=1 HTTP/1.1", "GET", "/p", "x=1", "other.test",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET https://other.test:8443/ HTTP/1.1", "GET", "/", null, "other.test:8443",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET HTTP://OTHER.TEST HTTP/1.1", "GET", "/", null, "OTHER.TEST", HttpVersion.HTTP_1_1),
                Arguments.of("GET http://other.test?q HTTP/1.1", "GET", "/", "q", "other.test", HttpVersion.HTTP_1_1),
                Arguments.of("GET http://[::1]:8080/v6 HTTP/1.1", "GET", "/v6", null, "[::1]:8080",
                        HttpVersion.HTTP_1_1),
                Arguments.of("GET / HTTP/1.0", "GET", "/", null, "example.com", HttpVersion.HTTP_1_0),
                // methods are case-sensitive tokens; unknown ones are the router's business, not the parser's
                Arguments.of("PURGE /cache HTTP/1.1", "PURGE", "/cache", null, "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("get / HTTP/1.1", "get", "/", null, "example.com", HttpVersion.HTTP_1_1),
                Arguments.of("X!#$%&'*+-.^_`|~9 / HTTP/1.1", "X!#$%&'*+-.^_`|~9", "/", null, "example.com",
                        HttpVersion.HTTP_1_1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequestLines")
    void parsesValidRequestLines(String line, String method, String path, String query, String authority,
                                 HttpVersion version) {
        String target = line.substring(line.indexOf(' ') + 1, line.lastIndexOf(' '));
        RequestHead head = parseEveryWay(line + "\r\n" + HOST + "\r\n").head();
        assertThat(head.method()).isEqualTo(method);
        assertThat(head.target()).isEqualTo(target);
        assertThat(head.path()).isEqualTo(path);
        assertThat(head.query()).isEqualTo(query);
        assertThat(head.authority()).isEqualTo(authority);
        assertThat(head.version()).isEqualTo(version);
        assertThat(head.framing()).isEqualTo(RequestHead.BodyFraming.NONE);
        assertThat(head.hasBody()).isFalse();
    }

    @Test
    void internsCommonMethodsSoRoutingComparesByIdentity() {
        for (String m : new String[] {"GET", "PUT", "POST", "HEAD", "DELETE", "OPTIONS", "PATCH", "TRACE"}) {
            RequestHead head = EmbeddedParser.parse(m + " / HTTP/1.1\r\n" + HOST + "\r\n").head();
            assertThat(head.method()).isSameAs(m.intern());
        }
    }

    @Test
    void isHeadOnlyForHead() {
        assertThat(EmbeddedParser.parse("HEAD / HTTP/1.1\r\n" + HOST + "\r\n").head().isHead()).isTrue();
        assertThat(EmbeddedParser.parse("GET / HTTP/1.1\r\n" + HOST + "\r\n").head().isHead()).isFalse();
        assertThat(EmbeddedParser.parse("head / HTTP/1.1\r\n" + HOST + "\r\n").head().isHead()).isFalse();
    }

    @Test
    void toStringIsTheRequestLine() {
        RequestHead head = EmbeddedParser.parse("GET /x?y HTTP/1.1\r\n" + HOST + "\r\n").head();
        assertThat(head).hasToString("GET /x?y HTTP/1.1");
    }

    @ParameterizedTest(name = "{0} empty line(s)")
    @MethodSource("upToEight")
    void skipsUpToEightEmptyLinesBeforeTheRequestLine(int emptyLines) {
        Outcome o = parseEveryWay("\r\n".repeat(emptyLines) + "GET /after HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(o.head().path()).isEqualTo("/after");
    }

    static Stream<Integer> upToEight() {
        return Stream.of(0, 1, 2, 8);
    }

    @Test
    void refusesANinthEmptyLine() {
        Outcome o = parseEveryWay("\r\n".repeat(9) + "GET / HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.messages()).isEmpty();
    }

    @Test
    void theEmptyLineBudgetIsPerMessage() {
        String one = "\r\n".repeat(8) + "GET / HTTP/1.1\r\n" + HOST + "\r\n";
        Outcome o = parseEveryWay(one + one + one);
        assertThat(o.messages()).hasSize(3);
        assertThat(o.error()).isNull();
    }

    @Test
    void leadingEmptyLinesAloneAreConsumedWhileWaiting() {
        Outcome o = parseEveryWay("\r\n\r\n\r");
        assertThat(o.messages()).isEmpty();
        assertThat(o.error()).isNull();
        assertThat(o.unconsumed()).isEqualTo(1); // the CR waits for its LF
    }

    static Stream<Arguments> badRequestLines() {
        return Stream.of(
                // shape
                Arguments.of("GET /", 400),
                Arguments.of("GET", 400),
                Arguments.of(" GET / HTTP/1.1", 400),
                Arguments.of("GET  / HTTP/1.1", 400),
                Arguments.of("GET /  HTTP/1.1", 400),
                Arguments.of("GET / HTTP/1.1 ", 400),
                Arguments.of("GET\t/ HTTP/1.1", 400),
                Arguments.of("GET /\tHTTP/1.1", 400),
                Arguments.of("GET / HTTP/1.1 extra", 400),
                // method
                Arguments.of("G(T / HTTP/1.1", 400),
                Arguments.of("GE\u0000T / HTTP/1.1", 400),
                Arguments.of("G\u00c9T / HTTP/1.1", 400),
                Arguments.of("GET: / HTTP/1.1", 400),
                // target
                Arguments.of("GET /a b HTTP/1.1", 400),
                Arguments.of("GET /a\u007fb HTTP/1.1", 400),
                Arguments.of("GET /caf\u00e9 HTTP/1.1", 400),
                Arguments.of("GET /a\u0000 HTTP/1.1", 400),
                Arguments.of("GET /a\"b HTTP/1.1", 400),
                Arguments.of("GET /<script> HTTP/1.1", 400),
                Arguments.of("GET /a\\b HTTP/1.1", 400),
                Arguments.of("GET /{x} HTTP/1.1", 400),
                Arguments.of("GET /a|b HTTP/1.1", 400),
                Arguments.of("GET /page#frag HTTP/1.1", 400),
                Arguments.of("GET relative/path HTTP/1.1", 400),
                Arguments.of("GET ftp://host/ HTTP/1.1", 400),
                Arguments.of("GET http:/host/ HTTP/1.1", 400),
                Arguments.of("GET http:///path HTTP/1.1", 400),
                Arguments.of("GET http://user@host/ HTTP/1.1", 400),
                Arguments.of("GET http://user:pw@host/ HTTP/1.1", 400),
                Arguments.of("GET * HTTP/1.1", 400),
                Arguments.of("OPTIONS *? HTTP/1.1", 400),
                Arguments.of("OPTIONS ** HTTP/1.1", 400),
                Arguments.of("CONNECT example.com:443 HTTP/1.1", 501),
                Arguments.of("CONNECT / HTTP/1.1", 501),
                // version
                Arguments.of("GET / http/1.1", 400),
                Arguments.of("GET / HTTP/1", 400),
                Arguments.of("GET / HTTP/1.", 400),
                Arguments.of("GET / HTTP/11", 400),
                Arguments.of("GET / HTTP/1.10", 400),
                Arguments.of("GET / HTTP/a.b", 400),
                Arguments.of("GET / HTTPS/1.1", 400),
                Arguments.of("GET / HTTP /1.1", 400),
                Arguments.of("GET / HTTP/2", 400),
                Arguments.of("GET / HTTP/2.0", 505),
                Arguments.of("GET / HTTP/1.2", 505),
                Arguments.of("GET / HTTP/0.9", 505),
                Arguments.of("GET / HTTP/3.0", 505),
                Arguments.of("GET / HTTP/9.9", 505));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("badRequestLines")
    void refusesBadRequestLines(String line, int status) {
        Outcome o = parseEveryWay(line + "\r\n" + HOST + "\r\n" + "GET /next HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).as("nothing after a bad request line is parsed").isEmpty();
        assertThat(o.partial()).isNull();
    }

    @Test
    void reportsTheErrorOnlyOnceTheLineIsKnownBad() {
        // "GET / HTTP/1.1" might still be coming: no verdict before the CRLF.
        Outcome o = parseEveryWay("GET / HTTP/2.0");
        assertThat(o.error()).isNull();
        assertThat(o.unconsumed()).isEqualTo(14);
    }

    @Test
    void errorReasonsNeverEchoClientInput() {
        Outcome o = parseEveryWay("GET /<script>alert(1)</script> HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(o.status()).isEqualTo(400);
        assertThat(o.error().reason()).doesNotContain("script").doesNotContain("<");
    }
}
