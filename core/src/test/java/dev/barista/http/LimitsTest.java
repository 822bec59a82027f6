package dev.barista.http;

import static dev.barista.http.EmbeddedParser.bytes;
import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barista.http.EmbeddedParser.Outcome;
import org.junit.jupiter.api.Test;

/**
 * Every {@link HttpLimits} limit at exactly the limit (accepted) and one past it (refused with its status), and
 * enforced while bytes arrive rather than once the whole message is in.
 */
class LimitsTest {

    /** Small limits, so that "at the limit" is easy to build by hand. */
    private static final HttpLimits SMALL = new HttpLimits(32, 48, 3, 16, 24);

    private static String requestLineOfLength(int length) {
        String line = "GET /" + "a".repeat(length - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertThat(line).hasSize(length);
        return line;
    }

    // ---- request line: 414 ---------------------------------------------------------------------------------

    @Test
    void requestLineAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, requestLineOfLength(32) + "\r\nHost: h\r\n\r\n");
        assertThat(o.head().target()).hasSize(32 - "GET  HTTP/1.1".length());
    }

    @Test
    void requestLineOneOverTheLimitIs414() {
        Outcome o = parseEveryWay(SMALL, requestLineOfLength(33) + "\r\nHost: h\r\n\r\n");
        assertThat(o.status()).isEqualTo(414);
        assertThat(o.messages()).isEmpty();
    }

    @Test
    void requestLineLimitIgnoresLeadingEmptyLines() {
        Outcome o = parseEveryWay(SMALL, "\r\n\r\n\r\n" + requestLineOfLength(32) + "\r\nHost: h\r\n\r\n");
        assertThat(o.messages()).hasSize(1);
    }

    @Test
    void anEndlessRequestLineFailsOnceItPassesTheLimitNotAtItsEnd() {
        // Default limit: 8 KiB. Fed in 1 KiB reads with no CRLF ever, it must fail on the 9th read.
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS).feed("GET /");
        byte[] kib = bytes("a".repeat(1024));
        int fed = 5;
        while (p.outcome().error() == null && fed < 64 * 1024) {
            p.feed(kib);
            fed += kib.length;
        }
        assertThat(p.outcome().status()).isEqualTo(414);
        assertThat(fed).isGreaterThan(8 * 1024).isLessThanOrEqualTo(8 * 1024 + 1024);
    }

    @Test
    void aRequestLineExactlyAtTheLimitWaitsForItsCrlf() {
        EmbeddedParser p = new EmbeddedParser(SMALL).feed(requestLineOfLength(32));
        assertThat(p.outcome().error()).isNull();
        p.feed("\r");
        assertThat(p.outcome().error()).isNull();
        p.feed("\nHost: h\r\n\r\n");
        assertThat(p.outcome().messages()).hasSize(1);
    }

    @Test
    void tooLongBeatsMalformedWhateverTheSplit() {
        // A byte-by-byte feed refuses the line at byte 33 (414) before it sees the bare LF further on. The answer
        // must not depend on how TCP cut the bytes, so a single read must say 414 too.
        Outcome lf = parseEveryWay(SMALL, requestLineOfLength(40) + "\nHost: h\r\n\r\n");
        assertThat(lf.status()).isEqualTo(414);
        Outcome cr = parseEveryWay(SMALL, requestLineOfLength(40) + "\rHost: h\r\n\r\n");
        assertThat(cr.status()).isEqualTo(414);
        Outcome atLimit = parseEveryWay(SMALL, requestLineOfLength(32) + "\nHost: h\r\n\r\n");
        assertThat(atLimit.status()).as("within the limit the bare LF is the problem").isEqualTo(400);
    }

    // ---- header section: 431 -------------------------------------------------------------------------------

    /** A header section of exactly {@code size} bytes, counting every field line's CRLF and the final CRLF. */
    private static String headerSectionOfSize(int size) {
        String host = "Host: h\r\n";
        String x = "X: " + "v".repeat(size - host.length() - "X: \r\n".length() - 2) + "\r\n";
        String section = host + x + "\r\n";
        assertThat(section).hasSize(size);
        return section;
    }

    @Test
    void headerSectionAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, "GET / HTTP/1.1\r\n" + headerSectionOfSize(48));
        assertThat(o.head().headers().size()).isEqualTo(2);
    }

    @Test
    void headerSectionOneOverTheLimitIs431() {
        Outcome o = parseEveryWay(SMALL, "GET / HTTP/1.1\r\n" + headerSectionOfSize(49));
        assertThat(o.status()).isEqualTo(431);
    }

    @Test
    void headerSectionLimitDoesNotCountTheRequestLine() {
        Outcome o = parseEveryWay(SMALL, requestLineOfLength(32) + "\r\n" + headerSectionOfSize(48));
        assertThat(o.messages()).hasSize(1);
    }

    @Test
    void anEndlessHeaderFailsWhileArriving() {
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS).feed("GET / HTTP/1.1\r\nHost: h\r\nX: ");
        byte[] kib = bytes("v".repeat(1024));
        int fed = 0;
        while (p.outcome().error() == null && fed < 64 * 1024) {
            p.feed(kib);
            fed += kib.length;
        }
        assertThat(p.outcome().status()).isEqualTo(431);
        assertThat(fed).isLessThanOrEqualTo(16 * 1024 + 1024);
    }

    @Test
    void endlessShortHeaderLinesFailWhileArriving() {
        // Many small, complete lines: the size limit, not the count, is what stops them here.
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderCount(100_000);
        EmbeddedParser p = new EmbeddedParser(limits).feed("GET / HTTP/1.1\r\nHost: h\r\n");
        byte[] lines = bytes("X: 1\r\n".repeat(170)); // 1020 bytes
        int fed = 0;
        while (p.outcome().error() == null && fed < 64 * 1024) {
            p.feed(lines);
            fed += lines.length;
        }
        assertThat(p.outcome().status()).isEqualTo(431);
        assertThat(fed).isLessThanOrEqualTo(16 * 1024 + 1020);
    }

    @Test
    void tooLargeBeatsMalformedWhateverTheSplit() {
        String tooLarge = "GET / HTTP/1.1\r\n" + headerSectionOfSize(60).replace("\r\n\r\n", "\r\n");
        assertThat(parseEveryWay(SMALL, tooLarge + "Y: \u0000\r\n\r\n").status()).isEqualTo(431);
        assertThat(parseEveryWay(SMALL, tooLarge + "Y: a\nb\r\n\r\n").status()).isEqualTo(431);
        assertThat(parseEveryWay(SMALL, tooLarge + "Y: a\rb\r\n\r\n").status()).isEqualTo(431);
    }

    // ---- header count: 431 ---------------------------------------------------------------------------------

    @Test
    void headerCountAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n");
        assertThat(o.head().headers().size()).isEqualTo(3);
    }

    @Test
    void headerCountOneOverTheLimitIs431() {
        Outcome o = parseEveryWay(SMALL, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        assertThat(o.status()).isEqualTo(431);
    }

    // ---- body: 413 -----------------------------------------------------------------------------------------

    @Test
    void contentLengthAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\n" + "b".repeat(16));
        assertThat(o.only().body()).hasSize(16);
    }

    @Test
    void contentLengthOneOverTheLimitIs413BeforeAnyBodyArrives() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n");
        assertThat(o.status()).isEqualTo(413);
        assertThat(o.partial()).as("refused at the head, not after reading the body").isNull();
    }

    @Test
    void chunkedTotalAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\n6\r\nabcdef\r\n0\r\n\r\n");
        assertThat(o.only().bodyText()).isEqualTo("0123456789abcdef");
    }

    @Test
    void chunkedTotalOneOverTheLimitIs413AtTheChunkSizeLine() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n0123456789\r\n7\r\n");
        assertThat(o.status()).isEqualTo(413);
        assertThat(o.partial().bodyText()).as("the 7-byte chunk is refused before its data").hasSize(10);
    }

    @Test
    void aZeroBodyLimitStillAllowsEmptyBodies() {
        HttpLimits none = SMALL.withMaxBodySize(0);
        assertThat(parseEveryWay(none, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").messages()).hasSize(1);
        assertThat(parseEveryWay(none, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
                .messages()).hasSize(1);
        assertThat(parseEveryWay(none, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\n\r\nx").status())
                .isEqualTo(413);
    }

    // ---- chunk-size line: 400 ------------------------------------------------------------------------------

    /** A chunk-size line of exactly {@code length} bytes (size and extensions, CRLF not counted). */
    private static String chunkLineOfLength(int length) {
        String line = "3;e=" + "x".repeat(length - 4);
        assertThat(line).hasSize(length);
        return line;
    }

    @Test
    void chunkLineAtTheLimitIsAccepted() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunkLineOfLength(24) + "\r\nabc\r\n0\r\n\r\n");
        assertThat(o.only().bodyText()).isEqualTo("abc");
    }

    @Test
    void chunkLineOneOverTheLimitIs400() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunkLineOfLength(25) + "\r\nabc\r\n0\r\n\r\n");
        assertThat(o.status()).isEqualTo(400);
    }

    @Test
    void anEndlessChunkLineFailsWhileArriving() {
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS)
                .feed("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;e=");
        byte[] piece = bytes("x".repeat(256));
        int fed = 4;
        while (p.outcome().error() == null && fed < 64 * 1024) {
            p.feed(piece);
            fed += piece.length;
        }
        assertThat(p.outcome().status()).isEqualTo(400);
        assertThat(fed).isLessThanOrEqualTo(1024 + 256);
    }

    @Test
    void endlessLeadingZerosInAChunkSizeAreStoppedByTheLineLimit() {
        Outcome o = parseEveryWay(SMALL, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0".repeat(100));
        assertThat(o.status()).isEqualTo(400);
    }

    // ---- per message ---------------------------------------------------------------------------------------

    @Test
    void limitsApplyToEachMessageOfAPipelineAfresh() {
        String one = requestLineOfLength(32) + "\r\n" + headerSectionOfSize(48);
        Outcome o = parseEveryWay(SMALL, one + one + one);
        assertThat(o.messages()).hasSize(3);
    }

    // ---- the record itself ---------------------------------------------------------------------------------

    @Test
    void defaultsAreNginxLike() {
        assertThat(HttpLimits.DEFAULTS.maxRequestLineLength()).isEqualTo(8192);
        assertThat(HttpLimits.DEFAULTS.maxHeaderSectionSize()).isEqualTo(16384);
        assertThat(HttpLimits.DEFAULTS.maxHeaderCount()).isEqualTo(100);
        assertThat(HttpLimits.DEFAULTS.maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(HttpLimits.DEFAULTS.maxChunkLineLength()).isEqualTo(1024);
    }

    @Test
    void withersChangeOneLimit() {
        HttpLimits l = SMALL.withMaxRequestLineLength(100).withMaxHeaderSectionSize(200).withMaxHeaderCount(7)
                .withMaxBodySize(9).withMaxChunkLineLength(50);
        assertThat(l).isEqualTo(new HttpLimits(100, 200, 7, 9, 50));
    }

    @Test
    void rejectsNonsensicalLimits() {
        assertThatThrownBy(() -> SMALL.withMaxRequestLineLength(15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SMALL.withMaxHeaderSectionSize(15)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SMALL.withMaxHeaderCount(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SMALL.withMaxBodySize(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SMALL.withMaxChunkLineLength(17)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theParserExposesItsLimits() {
        assertThat(new RequestParser(SMALL).limits()).isSameAs(SMALL);
    }
}
