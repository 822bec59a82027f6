package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table of malformed or ambiguous responses and the error each earns, the same however it is split. */
class ResponseParserMalformedTest {
    private static final HttpLimits SMALL = HttpLimits.DEFAULTS.withMaxRequestLineLength(32)
            .withMaxHeaderSectionSize(64).withMaxHeaderCount(3).withMaxBodySize(10).withMaxChunkLineLength(20);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("garbage status line", "SSH-2.0-OpenSSH\r\n\r\n", 400, "Malformed status line"),
                Arguments.of("garbage version", "xyzzy 200 OK\r\n\r\n", 400, "Malformed HTTP version"),
                Arguments.of("no space", "HTTP/1.1\r\n\r\n", 400, "Malformed status line"),
                Arguments.of("two-digit status", "HTTP/1.1 20 OK\r\n\r\n", 400, "Malformed status code"),
                Arguments.of("letters in status", "HTTP/1.1 2x0 OK\r\n\r\n", 400, "Malformed status code"),
                Arguments.of("four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", 400, "Malformed status code"),
                Arguments.of("status below 100", "HTTP/1.1 099 Low\r\n\r\n", 400, "Status code out of range"),
                Arguments.of("status above 599", "HTTP/1.1 600 High\r\n\r\n", 400, "Status code out of range"),
                Arguments.of("101 unasked", "HTTP/1.1 101 Switching Protocols\r\n\r\n", 400, "Unexpected 101 Switching Protocols"),
                Arguments.of("HTTP/2.0", "HTTP/2.0 200 OK\r\n\r\n", 505, "HTTP version not supported"),
                Arguments.of("lower-case version", "http/1.1 200 OK\r\n\r\n", 400, "Malformed HTTP version"),
                Arguments.of("control in reason", "HTTP/1.1 200 O\u0001K\r\n\r\n", 400, "Invalid character in reason phrase"),
                Arguments.of("leading empty line", "\r\nHTTP/1.1 200 OK\r\n\r\n", 400, "Too many empty lines"),
                Arguments.of("TE and CL", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
                        400, "Both Transfer-Encoding and Content-Length"),
                Arguments.of("two CL", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
                        400, "Multiple Content-Length header fields"),
                Arguments.of("CL list", "HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\nx", 400, "Invalid Content-Length"),
                Arguments.of("negative CL", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", 400, "Invalid Content-Length"),
                Arguments.of("TE in 1.0", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                        "Transfer-Encoding in an HTTP/1.0 response"),
                Arguments.of("gzip only", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 400,
                        "chunked must be the final transfer coding"),
                Arguments.of("gzip then chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501,
                        "Unsupported transfer coding"),
                Arguments.of("chunked twice", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400,
                        "chunked applied more than once"),
                Arguments.of("bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
                        "Missing chunk size"),
                Arguments.of("chunk size junk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\n", 400,
                        "Malformed chunk extension"),
                Arguments.of("chunk overflow", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n",
                        400, "Chunk size too large"),
                Arguments.of("chunk data too long", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n",
                        400, "Chunk data not followed by CRLF"),
                Arguments.of("bare LF in head", "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", 400,
                        "Line ending without CR (bare LF)"),
                Arguments.of("bare CR in head", "HTTP/1.1 200 OK\rX: y\r\n\r\n", 400, "Bare CR in message head"),
                Arguments.of("bare LF in chunk line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\nx\r\n",
                        400, "Line ending without CR (bare LF)"),
                Arguments.of("obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n", 400, "Obsolete line folding is not allowed"),
                Arguments.of("space before colon", "HTTP/1.1 200 OK\r\nX : a\r\n\r\n", 400,
                        "Invalid character in header field name"),
                Arguments.of("no colon", "HTTP/1.1 200 OK\r\nX\r\n\r\n", 400, "Header field without colon"),
                Arguments.of("too many interim", "HTTP/1.1 100 Continue\r\n\r\n".repeat(9), 400, "Too many interim responses"));
    }

    static Stream<Arguments> limits() {
        return Stream.of(
                Arguments.of("long status line", "HTTP/1.1 200 " + "k".repeat(40) + "\r\n\r\n", 400, "Status line too long"),
                Arguments.of("big header section", "HTTP/1.1 200 OK\r\nX: " + "v".repeat(70) + "\r\n\r\n", 431,
                        "Header section too large"),
                Arguments.of("many fields", "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431,
                        "Too many header fields"),
                Arguments.of("big CL", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", 413, "Response body too large"),
                Arguments.of("big chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n8\r\n",
                        413, "Response body too large"),
                Arguments.of("big until close", "HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(11), 413, "Response body too large"),
                Arguments.of("long chunk line", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(30),
                        400, "Chunk size line too long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refused(String name, String input, int status, String reason) {
        String outcome = EmbeddedResponseParser.parseEveryWay(HttpLimits.DEFAULTS, "GET", input);
        assertThat(outcome).endsWith("error " + status + " " + reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void limited(String name, String input, int status, String reason) {
        String outcome = EmbeddedResponseParser.parseEveryWay(SMALL, "GET", input);
        assertThat(outcome).endsWith("error " + status + " " + reason);
    }
}
