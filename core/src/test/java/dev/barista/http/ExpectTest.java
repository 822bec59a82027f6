package dev.barista.http;

import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expect (RFC 9110 10.1.1): 100-continue is the only expectation; it matters only for an HTTP/1.1 request that has
 * a body; anything else is 417.
 */
class ExpectTest {

    static Stream<Arguments> expectations() {
        String cl = "Content-Length: 3\r\n";
        String te = "Transfer-Encoding: chunked\r\n";
        return Stream.of(
                // version | fields | status | expectContinue
                Arguments.of("HTTP/1.1", "Expect: 100-continue\r\n" + cl, 0, true),
                Arguments.of("HTTP/1.1", "Expect: 100-continue\r\n" + te, 0, true),
                Arguments.of("HTTP/1.1", "Expect: 100-Continue\r\n" + cl, 0, true),
                Arguments.of("HTTP/1.1", "expect:\t100-CONTINUE \r\n" + cl, 0, true),
                Arguments.of("HTTP/1.1", cl, 0, false),
                Arguments.of("HTTP/1.1", "Expect: 100-continue\r\n", 0, false), // no body, nothing to wait for
                Arguments.of("HTTP/1.0", "Expect: 100-continue\r\n" + cl, 0, false), // ignored in HTTP/1.0
                Arguments.of("HTTP/1.1", "Expect: 100-continue\r\nExpect: 100-continue\r\n" + cl, 0, true),
                Arguments.of("HTTP/1.1", "Expect: 100-continue, 100-continue\r\n" + cl, 0, true),
                Arguments.of("HTTP/1.1", "Expect: 200-ok\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: 100-continue-x\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: 100\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: \"100-continue\"\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: 100-continue; x=1\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect:\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: 100-continue, foo\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: foo, 100-continue\r\n" + cl, 417, false),
                // Two lines mean the same as one comma-joined line (RFC 9110 5.3): both are unmeetable.
                Arguments.of("HTTP/1.1", "Expect: 100-continue\r\nExpect: foo\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.1", "Expect: foo\r\nExpect: 100-continue\r\n" + cl, 417, false),
                Arguments.of("HTTP/1.0", "Expect: foo\r\n" + cl, 417, false));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} continue={3}")
    @MethodSource("expectations")
    void acceptsOnly100Continue(String version, String fields, int status, boolean expectContinue) {
        String request = "PUT /r " + version + "\r\nHost: h\r\n" + fields + "\r\n";
        Outcome o = parseEveryWay(request);
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        if (status != 0) {
            assertThat(o.messages()).isEmpty();
            assertThat(o.partial()).isNull();
            return;
        }
        RequestHead h = o.messages().isEmpty() ? o.partial().head() : o.messages().getFirst().head();
        assertThat(h.expectContinue()).isEqualTo(expectContinue);
    }

    @Test
    void theHeadArrivesBeforeTheBodySoTheServerCanAnswer100() {
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS)
                .feed("PUT /r HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
        assertThat(p.outcome().partial().head().expectContinue()).isTrue();
        assertThat(p.parser().inBody()).isTrue();
        p.feed("hello");
        assertThat(p.outcome().only().bodyText()).isEqualTo("hello");
    }
}
