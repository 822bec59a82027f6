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

/** Bodies delimited by Content-Length: exactly that many bytes, nothing more, and only plain decimal lengths. */
class ContentLengthTest {

    private static String post(String contentLength, String body) {
        return "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: " + contentLength + "\r\n\r\n" + body;
    }

    @Test
    void readsExactlyContentLengthBytes() {
        Message m = parseEveryWay(post("5", "hello")).only();
        assertThat(m.head().framing()).isEqualTo(RequestHead.BodyFraming.FIXED);
        assertThat(m.head().contentLength()).isEqualTo(5);
        assertThat(m.head().hasBody()).isTrue();
        assertThat(m.bodyText()).isEqualTo("hello");
        assertThat(m.trailers().isEmpty()).isTrue();
    }

    @Test
    void bodyBytesAreOpaque() {
        // CR, LF, NUL and a fake request inside a body are just bytes.
        String body = "\r\n\u0000\u00ff\nGET / HTTP/1.1\r\n\r\n";
        Message m = parseEveryWay(post(String.valueOf(body.length()), body)).only();
        assertThat(m.bodyText()).isEqualTo(body);
    }

    @Test
    void zeroLengthEndsTheMessageAtTheHead() {
        Outcome o = parseEveryWay(post("0", ""));
        assertThat(o.head().framing()).isEqualTo(RequestHead.BodyFraming.FIXED);
        assertThat(o.head().contentLength()).isZero();
        assertThat(o.only().body()).isEmpty();
    }

    @Test
    void withoutContentLengthOrTransferEncodingThereIsNoBody() {
        // RFC 9112 6.3: a request without either has a zero-length body; what follows is the next request.
        Outcome o = parseEveryWay("POST / HTTP/1.1\r\nHost: h\r\n\r\nGET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.messages()).hasSize(2);
        assertThat(o.messages().get(0).head().framing()).isEqualTo(RequestHead.BodyFraming.NONE);
        assertThat(o.messages().get(0).head().contentLength()).isZero();
        assertThat(o.messages().get(1).head().path()).isEqualTo("/next");
    }

    @Test
    void doesNotConsumeBeyondTheBody() {
        Outcome o = parseEveryWay(post("3", "abcGET"));
        assertThat(o.messages()).hasSize(1);
        assertThat(o.messages().getFirst().bodyText()).isEqualTo("abc");
        assertThat(o.unconsumed()).isEqualTo(3);
    }

    @Test
    void waitsForTheRestOfTheBody() {
        Outcome o = parseEveryWay(post("10", "12345"));
        assertThat(o.messages()).isEmpty();
        assertThat(o.partial()).isNotNull();
        assertThat(o.partial().bodyText()).isEqualTo("12345");
        assertThat(o.unconsumed()).isZero();
    }

    @Test
    void getAndHeadMayCarryABody() {
        assertThat(parseEveryWay("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi").only().bodyText())
                .isEqualTo("hi");
        assertThat(parseEveryWay("HEAD / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi").only().bodyText())
                .isEqualTo("hi");
    }

    @Test
    void http10UsesContentLengthToo() {
        Message m = parseEveryWay("POST / HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc").only();
        assertThat(m.bodyText()).isEqualTo("abc");
    }

    static Stream<Arguments> validLengths() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("1", 1L),
                Arguments.of("05", 5L), // leading zeros are still 1*DIGIT
                Arguments.of("0000000000000000005", -1L), // ...but 19 digits is past the limit
                Arguments.of("000000000000000005", 5L), // 18 digits
                Arguments.of(" 7", 7L),
                Arguments.of("7 ", 7L),
                Arguments.of("\t7\t", 7L),
                Arguments.of("10485760", 10L * 1024 * 1024));
    }

    @ParameterizedTest(name = "Content-Length: \"{0}\"")
    @MethodSource("validLengths")
    void acceptsPlainDecimalLengths(String value, long expected) {
        HttpLimits limits = HttpLimits.DEFAULTS;
        Outcome o = EmbeddedParser.parse(limits, post(value, ""));
        if (expected < 0) {
            assertThat(o.status()).isEqualTo(400);
            return;
        }
        assertThat(o.error()).isNull();
        RequestHead h = expected == 0 ? o.head() : o.partial().head();
        assertThat(h.contentLength()).isEqualTo(expected);
    }

    static Stream<Arguments> invalidLengths() {
        return Stream.of(
                Arguments.of("", 400),
                Arguments.of("+5", 400),
                Arguments.of("-5", 400),
                Arguments.of("-0", 400),
                Arguments.of("0x5", 400),
                Arguments.of("5 5", 400),
                Arguments.of("5,5", 400),
                Arguments.of("5, 5", 400),
                Arguments.of("5.0", 400),
                Arguments.of("5e1", 400),
                Arguments.of("five", 400),
                Arguments.of("5abc", 400),
                Arguments.of("\"5\"", 400),
                Arguments.of("\u00d9\u00a5", 400), // UTF-8 of ARABIC-INDIC DIGIT FIVE: not DIGIT
                Arguments.of("1234567890123456789", 400), // 19 digits
                Arguments.of("99999999999999999999999999", 400), // would overflow a long
                Arguments.of("9223372036854775808", 400), // Long.MAX_VALUE + 1
                Arguments.of("999999999999999999", 413), // 18 digits: a number, but far too large
                Arguments.of("10485761", 413)); // maxBodySize + 1
    }

    @ParameterizedTest(name = "Content-Length: \"{0}\" -> {1}")
    @MethodSource("invalidLengths")
    void refusesAnythingButPlainDecimal(String value, int status) {
        Outcome o = parseEveryWay(post(value, "hello") + "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).isEmpty();
        assertThat(o.partial()).isNull();
    }

    @Test
    void refusesMultipleContentLengthsEvenWhenEqual() {
        Outcome o = parseEveryWay("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello");
        assertThat(o.status()).isEqualTo(400);
        Outcome different = parseEveryWay("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n");
        assertThat(different.status()).isEqualTo(400);
    }
}
