package dev.barista.protocol.http2;

import dev.barista.http.HttpVersion;
import dev.barista.http.RequestHead;
import dev.barista.protocol.http2.hpack.FieldBlock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A decoded header list into a request head, with RFC 9113 section 8's rules; table-driven, no connection. */
class RequestHeadersTest {

    private static FieldBlock fields(String... nameValue) {
        FieldBlock block = new FieldBlock();
        for (int i = 0; i < nameValue.length; i += 2) {
            byte[] n = nameValue[i].getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = nameValue[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            block.add(n, 0, n.length, v, 0, v.length);
        }
        return block;
    }

    private static RequestHead head(boolean endStream, String... nameValue) throws Http2Exception {
        return RequestHeaders.toHead(fields(nameValue), 1, endStream, 100);
    }

    @Test
    void aRequestBecomesAHead() throws Exception {
        RequestHead head = head(false, ":method", "POST", ":scheme", "https", ":authority", "shop.test:8443",
                ":path", "/search?q=tea", "content-type", "text/plain", "content-length", "12");
        assertThat(head.method()).isSameAs("POST");
        assertThat(head.path()).isEqualTo("/search");
        assertThat(head.query()).isEqualTo("q=tea");
        assertThat(head.target()).isEqualTo("/search?q=tea");
        assertThat(head.authority()).isEqualTo("shop.test:8443");
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(head.framing()).isEqualTo(RequestHead.BodyFraming.FIXED);
        assertThat(head.contentLength()).isEqualTo(12);
        assertThat(head.header("Content-Type")).isEqualTo("text/plain");
        assertThat(head.headers().size()).isEqualTo(2); // the pseudo-header fields are not among them
    }

    @Test
    void withoutContentLengthTheBodyLengthIsUnknownAndWithEndStreamThereIsNone() throws Exception {
        assertThat(head(false, ":method", "PUT", ":scheme", "http", ":path", "/x").framing())
                .isEqualTo(RequestHead.BodyFraming.CHUNKED);
        assertThat(head(true, ":method", "GET", ":scheme", "http", ":path", "/x").hasBody()).isFalse();
    }

    @Test
    void splitCookiesAreJoinedInOrder() throws Exception {
        RequestHead head = head(true, ":method", "GET", ":scheme", "http", ":path", "/", "cookie", "a=1",
                "accept", "*/*", "cookie", "b=2", "x-after", "yes", "cookie", "c=3");
        assertThat(head.headers().getAll("cookie")).containsExactly("a=1; b=2; c=3");
        assertThat(head.header("accept")).isEqualTo("*/*");
        assertThat(head.header("x-after")).isEqualTo("yes");
    }

    @Test
    void malformedRequestsAreStreamErrors() {
        String[][] cases = {
                {":method", "GET", ":scheme", "http", ":path", "/", "Upper", "x"},
                {":method", "GET", ":scheme", "http", ":path", "/", "connection", "close"},
                {":method", "GET", ":scheme", "http", ":path", "/", "keep-alive", "1"},
                {":method", "GET", ":scheme", "http", ":path", "/", "upgrade", "h2c"},
                {":method", "GET", ":scheme", "http", ":path", "/", "te", "gzip"},
                {":method", "GET", ":scheme", "http", "accept", "x", ":path", "/"},
                {":method", "GET", ":method", "GET", ":scheme", "http", ":path", "/"},
                {":method", "GET", ":scheme", "http"},
                {":scheme", "http", ":path", "/"},
                {":method", "GET", ":scheme", "http", ":path", ""},
                {":method", "GET", ":scheme", "http", ":path", "no-slash"},
                {":method", "GET", ":scheme", "http", ":path", "*"},
                {":method", "GET", ":scheme", "http", ":path", "/a b"},
                {":method", "G T", ":scheme", "http", ":path", "/"},
                {":method", "CONNECT", ":authority", "example.com:443"},
                {":method", "GET", ":scheme", "http", ":path", "/", ":status", "200"},
                {":method", "GET", ":scheme", "http", ":path", "/", "x", " padded"},
                {":method", "GET", ":scheme", "http", ":path", "/", "x", "a\r\nb"},
                {":method", "GET", ":scheme", "http", ":path", "/", "content-length", "1", "content-length", "2"},
                {":method", "GET", ":scheme", "http", ":path", "/", "content-length", "-1"},
                {":method", "GET", ":scheme", "http", ":authority", "a.test", ":path", "/", "host", "b.test"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> head(true, c)).as(String.join(" ", c))
                    .isInstanceOfSatisfying(Http2Exception.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(Http2.PROTOCOL_ERROR);
                        assertThat(e.streamId()).isEqualTo(1);
                    });
        }
    }

    @Test
    void aBodylessRequestThatAnnouncesABodyIsMalformed() {
        assertThatThrownBy(() -> head(true, ":method", "POST", ":scheme", "http", ":path", "/", "content-length", "5"))
                .isInstanceOf(Http2Exception.class);
    }

    @Test
    void optionsAsteriskIsAllowed() throws Exception {
        assertThat(head(true, ":method", "OPTIONS", ":scheme", "http", ":path", "*").path()).isEqualTo("*");
    }

    @Test
    void trailersTakeRegularFieldsOnly() throws Exception {
        assertThat(RequestHeaders.trailers(fields("x-checksum", "abc"), 1).get("x-checksum")).isEqualTo("abc");
        assertThatThrownBy(() -> RequestHeaders.trailers(fields(":path", "/"), 1)).isInstanceOf(Http2Exception.class);
    }
}
