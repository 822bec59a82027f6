package dev.barista.http;

import static dev.barista.http.EmbeddedParser.bytes;
import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Outcome;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A head byte for byte the last one is answered with the last one's parse, and field lines byte for byte the last
 * ones with their {@link Headers}: the same immutable objects, and exactly the answer a fresh parser gives,
 * whatever byte differs and however the bytes arrive.
 */
class RepeatedHeadTest {

    private static final String FIELDS = "Host: localhost:8080\r\nAccept: text/plain,text/html;q=0.9,*/*;q=0.7\r\n"
            + "Connection: keep-alive\r\n\r\n";
    private static final String GET = "GET /plaintext?x=1 HTTP/1.1\r\n" + FIELDS;
    private static final String POST = "POST /orders HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    private static final String CHUNKED = "POST /orders HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1\r\na\r\n0\r\nContent-Length: 9\r\nHost: other\r\n\r\n";

    @Test
    void aRepeatedHeadIsTheSameHead() {
        Outcome o = parseEveryWay(HttpLimits.DEFAULTS, GET + GET + GET);

        assertThat(o.messages()).hasSize(3);
        RequestHead first = o.messages().getFirst().head();
        assertThat(o.messages()).allSatisfy(m -> assertThat(m.head()).isSameAs(first));
        assertThat(first.path()).isEqualTo("/plaintext");
        assertThat(first.query()).isEqualTo("x=1");
        assertThat(first.header("accept")).isEqualTo("text/plain,text/html;q=0.9,*/*;q=0.7");
        assertThat(first.keepAlive()).isTrue();
    }

    @Test
    void anotherTargetWithTheSameFieldsSharesTheirHeaders() {
        Outcome o = parseEveryWay(HttpLimits.DEFAULTS, GET + GET.replace("/plaintext?x=1", "/json") + "HEAD /json HTTP/1.1\r\n" + FIELDS);

        RequestHead a = o.messages().get(0).head();
        RequestHead b = o.messages().get(1).head();
        RequestHead c = o.messages().get(2).head();
        assertThat(b.path()).isEqualTo("/json");
        assertThat(b.query()).isNull();
        assertThat(c.method()).isEqualTo("HEAD");
        assertThat(b.headers()).isSameAs(a.headers());
        assertThat(c.headers()).isSameAs(a.headers());
    }

    @Test
    void sharedFieldsAreReadAgainUnderTheOtherVersion() {
        String fields = "Host: h\r\nX-A: 1\r\n\r\n";
        Outcome o = parseEveryWay(HttpLimits.DEFAULTS,
                "GET / HTTP/1.1\r\n" + fields + "GET / HTTP/1.0\r\n" + fields + "GET / HTTP/1.1\r\n" + fields);

        assertThat(o.messages()).extracting(m -> m.head().keepAlive()).containsExactly(true, false, true);
        assertThat(o.messages()).extracting(m -> m.head().version())
                .containsExactly(HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1);
    }

    @Test
    void framingIsTheRepeatedHeadsOwnAfterABodyWithTrailers() {
        // The trailers of the chunked body are parsed in between; they must not stand for the head's fields.
        Outcome o = parseEveryWay(HttpLimits.DEFAULTS, CHUNKED + POST + CHUNKED + CHUNKED + POST);

        assertThat(o.complete()).as(o.describe()).isTrue();
        assertThat(o.messages()).extracting(EmbeddedParser.Message::bodyText).containsExactly("a", "abc", "a", "a", "abc");
        assertThat(o.messages()).extracting(m -> m.head().framing()).containsExactly(RequestHead.BodyFraming.CHUNKED,
                RequestHead.BodyFraming.FIXED, RequestHead.BodyFraming.CHUNKED, RequestHead.BodyFraming.CHUNKED,
                RequestHead.BodyFraming.FIXED);
        assertThat(o.messages().get(3).head()).isSameAs(o.messages().get(2).head());
    }

    /** Every byte of the repeat changed, removed or doubled: the answer is the one the changed head gets alone. */
    @Test
    void aRepeatChangedAnywhereIsAnsweredAsItWouldBeAlone() {
        byte[] original = bytes(GET);
        int checked = 0;
        for (int i = 0; i < original.length; i++) {
            for (byte b : new byte[] {'x', 'X', ' ', '\t', '\r', '\n', ':', '/', '0', '?', (byte) 0x80, 0}) {
                if (original[i] == b) continue;
                byte[] changed = original.clone();
                changed[i] = b;
                checkAfterOriginal(original, changed);
                checked++;
            }
            checkAfterOriginal(original, without(original, i));
            checkAfterOriginal(original, doubled(original, i));
        }
        assertThat(checked).isGreaterThan(original.length * 10);
    }

    @Test
    void largeFieldsAreNotKept() {
        String big = "GET / HTTP/1.1\r\nHost: h\r\nCookie: " + "c".repeat(2000) + "\r\n\r\n";
        Outcome o = parseEveryWay(HttpLimits.DEFAULTS, big + big);

        assertThat(o.messages()).hasSize(2);
        assertThat(o.messages().get(1).head()).isNotSameAs(o.messages().get(0).head());
        assertThat(o.messages().get(1).head().headers()).isNotSameAs(o.messages().get(0).head().headers());
        assertThat(o.messages().get(1).head().header("cookie")).hasSize(2000);
    }

    private static void checkAfterOriginal(byte[] original, byte[] changed) {
        Outcome first = EmbeddedParser.parse(HttpLimits.DEFAULTS, original);
        Outcome alone = EmbeddedParser.parse(HttpLimits.DEFAULTS, changed);
        String expected = "[" + first.only().describe() + "] " + alone.describe();
        Outcome both = EmbeddedParser.parse(HttpLimits.DEFAULTS, concat(original, changed));
        assertThat(both.describe()).as(EmbeddedParser.escape(new String(changed, java.nio.charset.StandardCharsets.ISO_8859_1)))
                .isEqualTo(expected);
    }

    private static byte[] without(byte[] b, int i) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, i);
        out.write(b, i + 1, b.length - i - 1);
        return out.toByteArray();
    }

    private static byte[] doubled(byte[] b, int i) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, i + 1);
        out.write(b, i, b.length - i);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
