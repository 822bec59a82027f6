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

/** Transfer-Encoding: chunked (RFC 9112 7.1): sizes, extensions, the last chunk, and the codings we refuse. */
class ChunkedBodyTest {

    private static final String HEAD = "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";

    @Test
    void concatenatesChunks() {
        Message m = parseEveryWay(HEAD + "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n").only();
        assertThat(m.head().framing()).isEqualTo(RequestHead.BodyFraming.CHUNKED);
        assertThat(m.head().contentLength()).isEqualTo(-1);
        assertThat(m.head().hasBody()).isTrue();
        assertThat(m.bodyText()).isEqualTo("hello world");
        assertThat(m.trailers().isEmpty()).isTrue();
    }

    @Test
    void anEmptyBodyIsJustTheLastChunk() {
        Message m = parseEveryWay(HEAD + "0\r\n\r\n").only();
        assertThat(m.body()).isEmpty();
    }

    @Test
    void chunkDataIsOpaque() {
        String data = "0\r\n\r\nGET / HTTP/1.1\r\n\u0000\u00ff";
        Message m = parseEveryWay(HEAD + Integer.toHexString(data.length()) + "\r\n" + data + "\r\n0\r\n\r\n").only();
        assertThat(m.bodyText()).isEqualTo(data);
    }

    static Stream<Arguments> chunkSizeLines() {
        String sixteen = "0123456789abcdef";
        return Stream.of(
                Arguments.of("10", sixteen),
                Arguments.of("A", sixteen.substring(0, 10)),
                Arguments.of("a", sixteen.substring(0, 10)),
                Arguments.of("0000000000000000000000000a", sixteen.substring(0, 10)), // leading zeros are fine
                Arguments.of("5;name", "01234"),
                Arguments.of("5;name=value", "01234"),
                Arguments.of("5;n1=v1;n2;n3=v3", "01234"),
                Arguments.of("5 ;name", "01234"), // BWS before ';' (RFC 9112 7.1.1)
                Arguments.of("5\t;\tname\t=\tvalue", "01234"),
                Arguments.of("5; a = b ; c", "01234"),
                Arguments.of("5;name=\"quoted value\"", "01234"),
                Arguments.of("5;name=\"with ; and = and \\\" inside\"", "01234"),
                Arguments.of("5;name=\"\"", "01234"),
                Arguments.of("5;name=\"obs-text \u00e9\"", "01234"),
                Arguments.of("5;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~", "01234"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("chunkSizeLines")
    void acceptsChunkSizeLinesWithExtensions(String sizeLine, String data) {
        Message m = parseEveryWay(HEAD + sizeLine + "\r\n" + data + "\r\n0;last=\"yes\"\r\n\r\n").only();
        assertThat(m.bodyText()).isEqualTo(data);
    }

    static Stream<Arguments> badChunks() {
        return Stream.of(
                // size
                Arguments.of("\r\n", 400),
                Arguments.of("0x5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("+5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("-5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of(" 5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5 \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5\t\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("g\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5g\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5 5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5,5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("ffffffffffffffffff\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("10000000000000000\r\nhello\r\n0\r\n\r\n", 400), // 2^64: would wrap to 0
                Arguments.of("1000000000000000\r\nhello\r\n0\r\n\r\n", 400), // 16 significant digits
                Arguments.of("\u00d9\u00a5\r\nhello\r\n0\r\n\r\n", 400), // UTF-8 of ARABIC-INDIC DIGIT FIVE
                // extensions
                Arguments.of("5;\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;=v\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b=c\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a b\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=b \r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"unterminated\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"x\"y\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"\\\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=\"\u0000\"\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a=(b)\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;a\u0000\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5 a\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5;;a\r\nhello\r\n0\r\n\r\n", 400),
                // line endings and data framing
                Arguments.of("5\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("5\rhello\r\n0\r\n\r\n", 400),
                Arguments.of("5\r\nhello\n0\r\n\r\n", 400),
                Arguments.of("5\r\nhello\r0\r\n\r\n", 400),
                Arguments.of("5\r\nhelloX\r\n0\r\n\r\n", 400),
                Arguments.of("5\r\nhell\r\n0\r\n\r\n", 400),
                Arguments.of("5\r\nhello0\r\n\r\n", 400),
                Arguments.of("5\r\nhello\r\n0\n\r\n", 400),
                Arguments.of("5\r\nhello\r\n0\r\n\n", 400),
                Arguments.of("5\r\nhello\r\n0\r\n\r\r\n", 400));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("badChunks")
    void refusesMalformedChunks(String chunks, int status) {
        Outcome o = parseEveryWay(HEAD + chunks + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).isEmpty();
        assertThat(o.partial()).as("the head was delivered before the body went wrong").isNotNull();
    }

    @Test
    void acceptsFifteenSignificantHexDigitsWhenTheLimitAllows() {
        // The size parses without overflow; the body limit then refuses it.
        Outcome o = parseEveryWay(HEAD + "fffffffffffffff\r\n");
        assertThat(o.status()).isEqualTo(413);
        HttpLimits huge = HttpLimits.DEFAULTS.withMaxBodySize(Long.MAX_VALUE);
        Outcome accepted = parseEveryWay(huge, HEAD + "0000fffffffffffffff\r\nabc");
        assertThat(accepted.error()).isNull();
        assertThat(accepted.partial().bodyText()).isEqualTo("abc");
    }

    static Stream<Arguments> transferEncodings() {
        return Stream.of(
                Arguments.of("Transfer-Encoding: chunked\r\n", 0),
                Arguments.of("Transfer-Encoding: Chunked\r\n", 0),
                Arguments.of("Transfer-Encoding: CHUNKED\r\n", 0),
                Arguments.of("Transfer-Encoding:\tchunked\r\n", 0),
                Arguments.of("Transfer-Encoding:chunked\r\n", 0),
                Arguments.of("Transfer-Encoding:   chunked   \r\n", 0),
                Arguments.of("transfer-encoding: chunked\r\n", 0),
                Arguments.of("Transfer-Encoding: , chunked\r\n", 0),
                Arguments.of("Transfer-Encoding: chunked,\r\n", 0),
                Arguments.of("Transfer-Encoding: gzip, chunked\r\n", 501),
                Arguments.of("Transfer-Encoding: identity, chunked\r\n", 501),
                Arguments.of("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 501),
                Arguments.of("Transfer-Encoding: chunked, gzip\r\n", 400),
                Arguments.of("Transfer-Encoding: chunked, identity\r\n", 400),
                Arguments.of("Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", 400),
                Arguments.of("Transfer-Encoding: chunked, chunked\r\n", 400),
                Arguments.of("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400),
                Arguments.of("Transfer-Encoding: gzip\r\n", 400),
                Arguments.of("Transfer-Encoding: identity\r\n", 400),
                Arguments.of("Transfer-Encoding:\r\n", 400),
                Arguments.of("Transfer-Encoding: xchunked\r\n", 400),
                Arguments.of("Transfer-Encoding: chunkedx\r\n", 400),
                Arguments.of("Transfer-Encoding: chunked;q=1\r\n", 400),
                Arguments.of("Transfer-Encoding: \"chunked\"\r\n", 400),
                Arguments.of("Transfer-Encoding: chunk\r\n", 400),
                Arguments.of("Transfer-Encoding: ch unked\r\n", 400));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("transferEncodings")
    void acceptsOnlyChunkedAsTheFinalCoding(String fields, int status) {
        Outcome o = parseEveryWay("POST / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        if (status == 0) assertThat(o.only().bodyText()).isEqualTo("abc");
        else assertThat(o.messages()).isEmpty();
    }

    @Test
    void chunkedWorksForAnyMethod() {
        Message m = parseEveryWay("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
                .only();
        assertThat(m.bodyText()).isEqualTo("x");
    }

    @Test
    void deliversChunkDataAsItArrives() {
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS);
        p.feed(HEAD + "a\r\n01234");
        assertThat(p.outcome().partial().bodyText()).isEqualTo("01234");
        assertThat(p.parser().inBody()).isTrue();
        assertThat(p.parser().isIdle()).isFalse();
        p.feed("56789\r\n0\r\n\r\n");
        assertThat(p.outcome().only().bodyText()).isEqualTo("0123456789");
        assertThat(p.parser().inBody()).isFalse();
        assertThat(p.parser().isIdle()).isTrue();
    }
}
