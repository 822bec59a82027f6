package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** However a response is cut into reads, the parser sees the same thing: whole, byte by byte, at every index. */
class ResponseParserEverySplitTest {

    static Stream<String> inputs() {
        return Stream.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=\"y\"\r\nhello\r\n3\r\nabc\r\n0\r\nT: t\r\n\r\n",
                "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                "HTTP/1.0 200 OK\r\n\r\nuntil the end",
                "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close",
                "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 404 \r\nX:  caf\u00e9 \r\nContent-Length: 3\r\n\r\nnop",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
                // truncated and bad inputs must agree too
                "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n",
                "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void everySplitAgrees(String input) {
        assertThat(EmbeddedResponseParser.parseEveryWay(HttpLimits.DEFAULTS, "GET", input)).isNotEmpty();
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void everySplitAgreesForHead(String input) {
        assertThat(EmbeddedResponseParser.parseEveryWay(HttpLimits.DEFAULTS, "HEAD", input)).isNotEmpty();
    }
}
