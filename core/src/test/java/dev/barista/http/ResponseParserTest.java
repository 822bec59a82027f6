package dev.barista.http;

import static dev.barista.http.EmbeddedResponseParser.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the parser makes of well-formed responses: framing, persistence, interim responses, HEAD. */
class ResponseParserTest {

    @Test
    void fixedLengthBodyKeepsTheConnection() {
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")).isEqualTo(
                "[200 OK HTTP/1.1 framing=FIXED length=5 keepAlive=true headers=Headers[Content-Length: 5]"
                        + " body=\"hello\" trailers=Headers[]] unconsumed 0");
    }

    @Test
    void chunkedBodyWithTrailers() {
        assertThat(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\n\r\n"))
                .contains("framing=CHUNKED", "body=\"abc\"", "trailers=Headers[X-Sum: 1]", "unconsumed 0");
    }

    @Test
    void bodyWithoutLengthRunsUntilCloseAndEndsPersistence() {
        assertThat(parse("HTTP/1.1 200 OK\r\n\r\nall of it"))
                .contains("framing=UNTIL_CLOSE", "keepAlive=false", "body=\"all of it\"", "(ended by close)");
    }

    @Test
    void connectionCloseAndHttp10EndPersistence() {
        assertThat(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).contains("keepAlive=false");
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).contains("keepAlive=false");
        assertThat(parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"))
                .contains("keepAlive=true");
    }

    @Test
    void responsesWithoutBodyEndAtTheirHead() {
        assertThat(parse("HTTP/1.1 204 No Content\r\n\r\n")).contains("framing=NONE", "unconsumed 0");
        assertThat(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 40\r\n\r\n")).contains("framing=NONE");
        String head = EmbeddedResponseParser.parse(HttpLimits.DEFAULTS, "HEAD",
                EmbeddedResponseParser.bytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"));
        assertThat(head).contains("framing=NONE", "body=\"\"", "unconsumed 0");
    }

    @Test
    void interimResponsesAreSkipped() {
        assertThat(parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
                .startsWith("[200 OK").contains("body=\"ok\"").doesNotContain("100");
    }

    @Test
    void missingReasonPhraseIsAccepted() {
        assertThat(parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n")).startsWith("[200  HTTP/1.1");
        assertThat(parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n")).startsWith("[200  HTTP/1.1");
    }

    @Test
    void truncationIsReportedAtEndOfInput() {
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel")).contains("eof-error 400");
        assertThat(parse("HTTP/1.1 200 OK\r\nContent-")).contains("eof-error 400");
        assertThat(parse("")).isEqualTo("unconsumed 0");
    }

    @Test
    void idleAndInBodyTrackTheMessage() {
        ResponseParser p = new ResponseParser(HttpLimits.DEFAULTS);
        assertThat(p.isIdle()).isTrue();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(EmbeddedResponseParser.bytes(
                "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab"));
        ResponseSink ignore = new ResponseSink() {
            public void head(ResponseHead h) { }
            public void content(java.nio.ByteBuffer s) { s.position(s.limit()); }
            public void end(Headers t) { }
        };
        assertThat(p.parse(b, ignore)).isEqualTo(ResponseParser.Progress.NEED_MORE);
        assertThat(p.inBody()).isTrue();
        assertThat(p.isIdle()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.expectResponseTo("GET"))
                .isInstanceOf(IllegalStateException.class);
    }
}
