package dev.barista.http;

import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Outcome;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Header field lines as the parser reads them: names, values, trimming, Host, and what it refuses. */
class HeaderFieldsTest {

    private static RequestHead head(String fields) {
        return parseEveryWay("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n").head();
    }

    static Stream<Arguments> valueTrimming() {
        return Stream.of(
                Arguments.of("X: v\r\n", "v"),
                Arguments.of("X:v\r\n", "v"),
                Arguments.of("X:   v\r\n", "v"),
                Arguments.of("X: v   \r\n", "v"),
                Arguments.of("X:\tv\t\r\n", "v"),
                Arguments.of("X: \t v \t \r\n", "v"),
                Arguments.of("X: a b\tc\r\n", "a b\tc"),
                Arguments.of("X:  a  b  \r\n", "a  b"),
                Arguments.of("X:\r\n", ""),
                Arguments.of("X:    \r\n", ""),
                Arguments.of("X: \t\r\n", ""),
                Arguments.of("X: \"quoted, value\"\r\n", "\"quoted, value\""),
                Arguments.of("X: a:b:c\r\n", "a:b:c"),
                // obs-text (0x80-0xFF) is kept byte for byte and read as ISO-8859-1 (RFC 9110 5.5)
                Arguments.of("X: caf\u00e9 \u00ff\u0080\r\n", "caf\u00e9 \u00ff\u0080"),
                Arguments.of("X: !#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\r\n", "!#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("valueTrimming")
    void trimsOnlySurroundingWhitespaceFromValues(String field, String value) {
        RequestHead h = head(field);
        assertThat(h.header("x")).isEqualTo(value);
        assertThat(h.headers().value(1)).isEqualTo(value);
        assertThat(h.headers().name(1)).isEqualTo("X");
    }

    @Test
    void keepsEveryFieldInArrivalOrderWithItsOriginalNameCase() {
        RequestHead h = head("Accept: text/html\r\nX-Trace: 1\r\naccept: application/json\r\nX-TRACE: 2\r\n");
        Headers fields = h.headers();
        assertThat(fields.size()).isEqualTo(5);
        assertThat(List.of(fields.name(0), fields.name(1), fields.name(2), fields.name(3), fields.name(4)))
                .containsExactly("Host", "Accept", "X-Trace", "accept", "X-TRACE");
        assertThat(fields.getAll("ACCEPT")).containsExactly("text/html", "application/json");
        assertThat(fields.get("x-trace")).isEqualTo("1");
        assertThat(fields.count("X-Trace")).isEqualTo(2);
        assertThat(fields.contains("HOST")).isTrue();
        assertThat(fields.contains("Hos")).isFalse();
        assertThat(h.header("missing")).isNull();
    }

    @Test
    void acceptsEveryTokenCharacterInNames() {
        RequestHead h = head("!#$%&'*+-.^_`|~09azAZ: ok\r\n");
        assertThat(h.header("!#$%&'*+-.^_`|~09AZaz")).isEqualTo("ok");
    }

    @Test
    void aHeadWithoutFieldsIsFineInHttp10() {
        Outcome o = parseEveryWay("GET / HTTP/1.0\r\n\r\n");
        assertThat(o.head().headers().isEmpty()).isTrue();
        assertThat(o.head().authority()).isNull();
    }

    @Test
    void hostIsTheAuthorityOfAnOriginFormTarget() {
        assertThat(head("").authority()).isEqualTo("h");
        RequestHead v6 = parseEveryWay("GET / HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\n\r\n").head();
        assertThat(v6.authority()).isEqualTo("[2001:db8::1]:8080");
    }

    @Test
    void hostMayHoldAnyRegNameCharacter() {
        // reg-name = *( unreserved / pct-encoded / sub-delims ), plus ":" port
        String host = "a-b.c_d~e!$&'()*+,;=%41:80";
        assertThat(parseEveryWay("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").head().authority()).isEqualTo(host);
    }

    @Test
    void anEmptyHostIsAllowed() {
        // RFC 9112 3.2: a client sends an empty Host when the target URI has no authority.
        RequestHead h = parseEveryWay("GET / HTTP/1.1\r\nHost:\r\n\r\n").head();
        assertThat(h.authority()).isEmpty();
    }

    @Test
    void absoluteFormAuthorityWinsOverHostButHostIsStillChecked() {
        RequestHead h = parseEveryWay("GET http://a.test/ HTTP/1.1\r\nHost: b.test\r\n\r\n").head();
        assertThat(h.authority()).isEqualTo("a.test");
        assertThat(h.header("host")).isEqualTo("b.test");
        assertThat(parseEveryWay("GET http://a.test/ HTTP/1.1\r\nHost: b test\r\n\r\n").status()).isEqualTo(400);
        assertThat(parseEveryWay("GET http://a.test/ HTTP/1.1\r\n\r\n").status())
                .as("HTTP/1.1 requires Host even with an absolute-form target").isEqualTo(400);
    }

    static Stream<Arguments> badFieldLines() {
        return Stream.of(
                // obs-fold, in every position
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\n\tHost: h\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n \r\n\r\n", 400),
                // name
                Arguments.of("GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX Y: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX@Y: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX\"Y: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX(Y): z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX\u00e9: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX\u0000: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n: z\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n:\r\n\r\n", 400),
                // value
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u0001\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u000bb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u000cb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u001fb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\u007fb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: \u0000\r\n\r\n", 400),
                // line endings
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\nX: a\nb\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\nX: b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n\r\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\r\n\r\n", 400),
                // Host
                Arguments.of("GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a\\b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a?b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: a#b\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.1\r\nHost: caf\u00e9\r\n\r\n", 400),
                Arguments.of("GET / HTTP/1.0\r\nHost: a\"b\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("badFieldLines")
    void refusesMalformedFieldLines(String request, int status) {
        Outcome o = parseEveryWay(request + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).isEmpty();
    }
}
