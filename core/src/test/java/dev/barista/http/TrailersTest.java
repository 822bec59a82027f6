package dev.barista.http;

import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Message;
import dev.barista.http.EmbeddedParser.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The trailer section after the last chunk: parsed like header fields, kept apart from them, held to limits. */
class TrailersTest {

    private static final String HEAD = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n";

    @Test
    void noTrailersGiveEmptyHeaders() {
        Message m = parseEveryWay(HEAD + "\r\n").only();
        assertThat(m.trailers()).isSameAs(Headers.EMPTY);
    }

    @Test
    void deliversTrailerFieldsSeparatelyFromTheHead() {
        Message m = parseEveryWay(HEAD + "Checksum: abc123\r\nX-Done:\t yes \t\r\nchecksum: second\r\n\r\n").only();
        assertThat(m.bodyText()).isEqualTo("abc");
        Headers t = m.trailers();
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.get("CHECKSUM")).isEqualTo("abc123");
        assertThat(t.getAll("checksum")).containsExactly("abc123", "second");
        assertThat(t.get("x-done")).isEqualTo("yes");
        assertThat(m.head().header("checksum")).as("trailers never merge into the head").isNull();
    }

    @Test
    void framingFieldsInTrailersDoNotReframeTheMessage() {
        // RFC 9110 6.5.1: Content-Length or Transfer-Encoding as trailers must not change the framing.
        Outcome o = parseEveryWay(HEAD + "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.messages()).hasSize(2);
        assertThat(o.messages().get(0).bodyText()).isEqualTo("abc");
        assertThat(o.messages().get(0).trailers().get("content-length")).isEqualTo("100");
        assertThat(o.messages().get(1).head().path()).isEqualTo("/next");
    }

    @Test
    void trailersMayCarryObsText() {
        Message m = parseEveryWay(HEAD + "X: caf\u00e9\r\n\r\n").only();
        assertThat(m.trailers().get("x")).isEqualTo("caf\u00e9");
    }

    static Stream<Arguments> badTrailers() {
        return Stream.of(
                Arguments.of("X: a\r\n b\r\n\r\n", 400),
                Arguments.of(" X: a\r\n\r\n", 400),
                Arguments.of("X : a\r\n\r\n", 400),
                Arguments.of("NoColon\r\n\r\n", 400),
                Arguments.of(": a\r\n\r\n", 400),
                Arguments.of("X: a\u0000\r\n\r\n", 400),
                Arguments.of("X: a\u007f\r\n\r\n", 400),
                Arguments.of("X: a\n\r\n", 400),
                Arguments.of("X: a\r\n\n", 400),
                Arguments.of("X: a\rb\r\n\r\n", 400),
                Arguments.of("\n", 400),
                Arguments.of("\r\r\n", 400));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("badTrailers")
    void refusesMalformedTrailers(String trailers, int status) {
        Outcome o = parseEveryWay(HEAD + trailers + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).isEmpty();
    }

    @Test
    void trailerCountIsLimitedLikeHeaders() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderCount(3);
        assertThat(parseEveryWay(limits, HEAD + "A: 1\r\nB: 2\r\nC: 3\r\n\r\n").only().trailers().size())
                .isEqualTo(3);
        assertThat(parseEveryWay(limits, HEAD + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n").status()).isEqualTo(431);
    }

    @Test
    void trailerSectionSizeIsLimitedLikeHeaders() {
        // The head's own field section is 39 bytes, well within 64.
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderSectionSize(64);
        // 62 bytes of field line + the final CRLF = 64: at the limit.
        String atLimit = "X: " + "a".repeat(57) + "\r\n";
        assertThat(atLimit.length() + 2).isEqualTo(64);
        assertThat(parseEveryWay(limits, HEAD + atLimit + "\r\n").only().trailers().get("x")).hasSize(57);
        String overLimit = "X: " + "a".repeat(58) + "\r\n";
        assertThat(parseEveryWay(limits, HEAD + overLimit + "\r\n").status()).isEqualTo(431);
    }

    @Test
    void anEndlessTrailerFailsWhileArriving() {
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderSectionSize(64);
        EmbeddedParser p = new EmbeddedParser(limits).feed(HEAD + "X: ");
        for (int i = 0; i < 10 && p.outcome().error() == null; i++) p.feed("a".repeat(16));
        assertThat(p.outcome().status()).isEqualTo(431);
        assertThat(p.outcome().messages()).isEmpty();
    }
}
