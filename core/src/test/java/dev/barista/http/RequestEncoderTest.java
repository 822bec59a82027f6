package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request heads as the client writes them, and what {@link RequestParser} makes of them. */
class RequestEncoderTest {

    private static String head(String method, String target, String[] headers, long length) {
        ByteBuffer b = ByteBuffer.allocate(RequestEncoder.headSizeBound(method, target, "h:1", headers));
        assertThat(RequestEncoder.encodeHead(method, target, "h:1", headers, length, b)).isTrue();
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void getHasNoFramingFields() {
        assertThat(head("GET", "/a?b=c", new String[]{"Accept", "x/y"}, 0))
                .isEqualTo("GET /a?b=c HTTP/1.1\r\nHost: h:1\r\nAccept: x/y\r\nUser-Agent: Barista\r\n\r\n");
    }

    @Test
    void bodiesAreFramedByLengthOrChunked() {
        assertThat(head("POST", "/p", new String[0], 0)).contains("Content-Length: 0\r\n");
        assertThat(head("POST", "/p", new String[0], 12345)).contains("Content-Length: 12345\r\n");
        assertThat(head("POST", "/p", new String[0], -1)).contains("Transfer-Encoding: chunked\r\n")
                .doesNotContain("Content-Length");
    }

    @Test
    void chunkedBodyRoundTripsThroughTheRequestParser() {
        ByteBuffer b = ByteBuffer.allocate(256);
        RequestEncoder.encodeHead("POST", "/c", "h", new String[]{"User-Agent", "t"}, -1, b);
        byte[] data = "hello world".getBytes(StandardCharsets.US_ASCII);
        RequestEncoder.putChunk(b, data, 0, 5);
        RequestEncoder.putChunk(b, data, 5, 6);
        RequestEncoder.putLastChunk(b);
        EmbeddedParser.Outcome o = EmbeddedParser.parseEveryWay(HttpLimits.DEFAULTS,
                java.util.Arrays.copyOf(b.array(), b.position()));
        assertThat(o.only().bodyText()).isEqualTo("hello world");
        assertThat(o.head().header("user-agent")).isEqualTo("t");
        assertThat(o.head().authority()).isEqualTo("h");
    }

    @Test
    void doesNotWriteWhatDoesNotFit() {
        ByteBuffer b = ByteBuffer.allocate(10);
        assertThat(RequestEncoder.encodeHead("GET", "/long/target", "h", new String[0], 0, b)).isFalse();
        assertThat(b.position()).isZero();
    }

    @Test
    void refusesWhatCouldSplitARequest() {
        assertThatThrownBy(() -> RequestEncoder.validate("GET", "/a b", new String[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestEncoder.validate("GET", "/", new String[]{"X", "a\r\nEvil: 1"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestEncoder.validate("G T", "/", new String[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestEncoder.validate("GET", "http://x/", new String[0]))
                .isInstanceOf(IllegalArgumentException.class);
        for (String framing : new String[]{"Host", "content-length", "Transfer-Encoding", "Connection"}) {
            assertThatThrownBy(() -> RequestEncoder.validate("GET", "/", new String[]{framing, "1"}))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
