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
 * Ambiguous and malformed messages drawn from request-smuggling research (Linhart et al. 2005, Kettle's
 * "HTTP Desync Attacks" 2019, the HTTP Garden differential fuzzing corpus, and the CVEs of Netty, Undertow, Node's
 * llhttp and Puma): every one of them must be refused with a precise status, or, where the message is in fact
 * unambiguous, parsed the one way RFC 9112 allows.
 *
 * <p>Each row is followed by a valid request, and the test checks that the valid request is never parsed as a new
 * message after a refused one: once the framing is in doubt, no later byte can be trusted. Every row also runs
 * through every split of its bytes, so a smuggle cannot hide in how TCP segments it.
 */
class SmugglingTest {

    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: h\r\n";
    private static final String SMUGGLED = "GET /admin HTTP/1.1\r\nHost: h\r\n\r\n";

    static Stream<Arguments> rows() {
        return Stream.of(
                // ---- CL.TE and TE.CL: both framings present -------------------------------------------------
                row("CL.TE", POST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", 400),
                row("TE.CL", POST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\n",
                        400),
                row("TE with CL: 0", POST + "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n", 400),
                row("CL with TE: identity", POST + "Content-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello",
                        400),
                row("CL.TE with an obfuscated TE", POST + "Content-Length: 4\r\nTransfer-Encoding: xchunked\r\n\r\n"
                        + "5c\r\n", 400),
                row("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                row("TE and CL in HTTP/1.0", "POST / HTTP/1.0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                        + "\r\nhello", 400),
                // ---- TE.TE: Transfer-Encoding obfuscations ----------------------------------------------------
                row("TE: xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 400),
                row("TE: chunkedx", POST + "Transfer-Encoding: chunkedx\r\n\r\n0\r\n\r\n", 400),
                row("TE: chunk", POST + "Transfer-Encoding: chunk\r\n\r\n0\r\n\r\n", 400),
                row("space before colon", POST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400),
                row("tab before colon", POST + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", 400),
                row("tab after colon (valid)", POST + "Transfer-Encoding:\tchunked\r\n\r\n0\r\n\r\n", 0),
                row("no space after colon (valid)", POST + "Transfer-Encoding:chunked\r\n\r\n0\r\n\r\n", 0),
                row("mixed case coding (valid)", POST + "Transfer-Encoding: cHuNkEd\r\n\r\n0\r\n\r\n", 0),
                row("lower-case name (valid)", POST + "transfer-encoding: chunked\r\n\r\n0\r\n\r\n", 0),
                row("leading space on the TE line", POST + " Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                row("TE as the first line, indented", "POST / HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: h\r\n"
                        + "\r\n0\r\n\r\n", 400),
                row("TE value folded onto the next line", POST + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
                        400),
                row("TE folded after another field", POST + "X: y\r\n\tTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400),
                row("TE: chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 400),
                row("TE: identity, chunked", POST + "Transfer-Encoding: identity, chunked\r\n\r\n0\r\n\r\n", 501),
                row("TE: gzip, chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501),
                row("TE: chunked, chunked", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400),
                row("duplicated TE lines", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n", 400),
                row("TE lines: chunked then junk", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n"
                        + "0\r\n\r\n", 400),
                row("TE lines: junk then chunked", POST + "Transfer-Encoding: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n", 501),
                row("TE: quoted", POST + "Transfer-Encoding: \"chunked\"\r\n\r\n0\r\n\r\n", 400),
                row("TE: with a parameter", POST + "Transfer-Encoding: chunked;q=1.0\r\n\r\n0\r\n\r\n", 400),
                row("TE: vertical tab", POST + "Transfer-Encoding:\u000bchunked\r\n\r\n0\r\n\r\n", 400),
                row("TE: form feed", POST + "Transfer-Encoding:\u000cchunked\r\n\r\n0\r\n\r\n", 400),
                row("TE: NUL after chunked", POST + "Transfer-Encoding: chunked\u0000\r\n\r\n0\r\n\r\n", 400),
                row("TE: NBSP before chunked", POST + "Transfer-Encoding:\u00a0chunked\r\n\r\n0\r\n\r\n", 400),
                row("TE: bare CR inside", POST + "Transfer-Encoding: chunked\rX: y\r\n\r\n0\r\n\r\n", 400),
                row("TE: empty", POST + "Transfer-Encoding:\r\n\r\n0\r\n\r\n", 400),
                row("TE name with a dotless i (UTF-8)", POST + "Transfer-Encod\u00c4\u00b1ng: chunked\r\n\r\n"
                        + "0\r\n\r\n", 400),
                row("Transfer_Encoding is another field (valid)", POST + "Transfer_Encoding: chunked\r\n"
                        + "Content-Length: 5\r\n\r\nhello", 0),
                // ---- Content-Length ---------------------------------------------------------------------------
                row("CL: +5", POST + "Content-Length: +5\r\n\r\nhello", 400),
                row("CL: -5", POST + "Content-Length: -5\r\n\r\nhello", 400),
                row("CL: 0x5", POST + "Content-Length: 0x5\r\n\r\nhello", 400),
                row("CL: 5 5", POST + "Content-Length: 5 5\r\n\r\nhello", 400),
                row("CL: 5,5", POST + "Content-Length: 5,5\r\n\r\nhello", 400),
                row("CL: 5, 6", POST + "Content-Length: 5, 6\r\n\r\nhello", 400),
                row("CL: 05 (valid)", POST + "Content-Length: 05\r\n\r\nhello", 0),
                row("CL: 5.0", POST + "Content-Length: 5.0\r\n\r\nhello", 400),
                row("CL: 5 with NBSP", POST + "Content-Length: 5\u00a0\r\n\r\nhello", 400),
                row("CL: huge", POST + "Content-Length: 99999999999999999999\r\n\r\nhello", 400),
                row("CL: Long.MAX_VALUE + 1 (wraps negative)", POST + "Content-Length: 9223372036854775808\r\n\r\n",
                        400),
                row("CL: 2^64 + 5 (wraps to 5)", POST + "Content-Length: 18446744073709551621\r\n\r\nhello", 400),
                row("CL: empty", POST + "Content-Length:\r\n\r\nhello", 400),
                row("two equal CLs", POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
                row("two different CLs", POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
                row("CL space before colon", POST + "Content-Length : 5\r\n\r\nhello", 400),
                row("CL: NUL", POST + "Content-Length:\u00005\r\n\r\nhello", 400),
                row("CL folded", POST + "Content-Length: 5\r\n 6\r\n\r\nhello", 400),
                row("CL indented", POST + " Content-Length: 5\r\n\r\nhello", 400),
                row("CL body holding a request (valid)", POST + "Content-Length: " + SMUGGLED.length() + "\r\n\r\n"
                        + SMUGGLED, 0),
                // ---- chunk framing ----------------------------------------------------------------------------
                row("chunk size 0x5", chunked("0x5\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size 5; (no extension name)", chunked("5;\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size 5 ;a (BWS, valid)", chunked("5 ;a\r\nhello\r\n0\r\n\r\n"), 0),
                row("chunk size with trailing space", chunked("5 \r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size with leading space", chunked(" 5\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size overflow", chunked("ffffffffffffffffff\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size 2^64 + 5 (wraps to 5)", chunked("10000000000000005\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size -1", chunked("-1\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk data without CRLF", chunked("5\r\nhello0\r\n\r\n"), 400),
                row("chunk data longer than its size", chunked("3\r\nhello\r\n0\r\n\r\n"), 400),
                row("chunk size line ends in LF", chunked("5\nhello\r\n0\r\n\r\n"), 400),
                row("chunk data ends in LF", chunked("5\r\nhello\n0\r\n\r\n"), 400),
                row("chunk data ends in CR only", chunked("5\r\nhello\r0\r\n\r\n"), 400),
                row("last chunk line ends in LF", chunked("5\r\nhello\r\n0\n\r\n"), 400),
                row("trailer section ends in LF", chunked("5\r\nhello\r\n0\r\n\n"), 400),
                row("LF inside a quoted extension", chunked("5;a=\"x\ny\"\r\nhello\r\n0\r\n\r\n"), 400),
                row("extension without a value", chunked("5;a=\r\nhello\r\n0\r\n\r\n"), 400),
                // ---- line endings and bytes -------------------------------------------------------------------
                row("LF-only lines", "GET / HTTP/1.1\nHost: h\n\n", 400),
                row("LF ending the request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400),
                row("LF ending a field line", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400),
                row("LF ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\n", 400),
                row("CR inside a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n", 400),
                row("CR CR LF", "GET / HTTP/1.1\r\r\nHost: h\r\n\r\n", 400),
                row("NUL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n", 400),
                row("NUL in a name", "GET / HTTP/1.1\r\nHost: h\r\nX\u0000: b\r\n\r\n", 400),
                row("LF before the request line", "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("nine empty lines before the request line", "\r\n".repeat(9) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                        400),
                // ---- request line -----------------------------------------------------------------------------
                row("tabs in the request line", "GET\t/\tHTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("double spaces in the request line", "GET  /  HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("leading space", " GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("trailing space after the version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400),
                row("two versions", "GET / HTTP/1.1 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400),
                row("HTTP/0.9 simple request", "GET /\r\n\r\n", 400),
                row("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505),
                row("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505),
                row("HTTP/1.10", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400),
                row("NUL in the target", "GET /\u0000 HTTP/1.1\r\nHost: h\r\n\r\n", 400),
                row("CONNECT", "CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n", 501),
                // ---- Host -------------------------------------------------------------------------------------
                row("two Host lines", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                row("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                row("Host with userinfo", "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", 400),
                row("Host with a path", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                row("absolute-form authority wins over Host (valid)", "GET http://a/ HTTP/1.1\r\nHost: b\r\n\r\n", 0),
                // ---- Expect on an ambiguous message: framing is refused first -----------------------------------
                row("Expect with CL.TE", POST + "Expect: 100-continue\r\nContent-Length: 5\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n", 400));
    }

    private static Arguments row(String name, String request, int status) {
        return Arguments.of(name, request, status);
    }

    private static String chunked(String body) {
        return POST + "Transfer-Encoding: chunked\r\n\r\n" + body;
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("rows")
    void refusesAmbiguityAndNeverParsesWhatFollows(String name, String request, int status) {
        Outcome o = parseEveryWay(request + NEXT);
        if (status == 0) {
            assertThat(o.error()).as(o.describe()).isNull();
            assertThat(o.messages()).as(o.describe()).hasSize(2);
            assertThat(o.messages().get(1).head().path()).isEqualTo("/next");
            assertThat(o.unconsumed()).isZero();
            return;
        }
        assertThat(o.status()).as(o.describe()).isEqualTo(status);
        assertThat(o.messages()).as("nothing before or after the bad message completes").isEmpty();

        // The same once more, with the follow-up request arriving in a later read after the error.
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS).feed(request);
        if (p.outcome().error() == null) {
            // Some rows (an incomplete body) are only known bad once more bytes arrive.
            p.feed(NEXT);
        } else {
            p.feed(NEXT).feed(NEXT);
        }
        assertThat(p.outcome().status()).isEqualTo(status);
        assertThat(p.outcome().messages()).isEmpty();
    }

    @Test
    void hasAtLeastFortyRows() {
        assertThat(rows().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void aSmuggleAfterAGoodRequestFailsAloneAndTheGoodOneStands() {
        Outcome o = parseEveryWay("GET /first HTTP/1.1\r\nHost: h\r\n\r\n"
                + POST + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG" + NEXT);
        assertThat(o.messages()).hasSize(1);
        assertThat(o.messages().getFirst().head().path()).isEqualTo("/first");
        assertThat(o.status()).isEqualTo(400);
    }

    @Test
    void errorIsFinalEvenForAFreshBuffer() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        java.nio.ByteBuffer bad = java.nio.ByteBuffer.wrap(EmbeddedParser.bytes("GET / HTTP/1.1\nHost: h\n\n"));
        MessageSink failing = new MessageSink() {
            @Override
            public void head(RequestHead head) {
                throw new AssertionError("head after error");
            }

            @Override
            public void content(java.nio.ByteBuffer slice) {
                throw new AssertionError("content after error");
            }

            @Override
            public void end(Headers trailers) {
                throw new AssertionError("end after error");
            }
        };
        assertThat(parser.parse(bad, failing)).isEqualTo(RequestParser.Progress.ERROR);
        HttpError error = parser.error();
        assertThat(error.status()).isEqualTo(400);
        java.nio.ByteBuffer good = java.nio.ByteBuffer.wrap(EmbeddedParser.bytes(NEXT));
        assertThat(parser.parse(good, failing)).isEqualTo(RequestParser.Progress.ERROR);
        assertThat(good.position()).as("nothing consumed after the error").isZero();
        assertThat(parser.error()).isEqualTo(error);
        assertThat(parser.isIdle()).isFalse();
        assertThat(parser.inBody()).isFalse();
    }
}
