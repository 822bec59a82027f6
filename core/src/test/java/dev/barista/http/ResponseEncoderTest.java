package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barista.http.ResponseEncoder.Framing;
import java.io.ByteArrayInputStream;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Response heads on the wire: status line, added fields, framing per version and method, and buffer handling. */
class ResponseEncoderTest {

    private static final Response OK_HELLO = Response.text("hello");
    private static final Response UNKNOWN_LENGTH = Response.status(200)
            .body(ResponseBody.stream(new ByteArrayInputStream(new byte[3]), -1));

    /** Encodes the head and returns it as text, checking it is well-formed: lines, then one empty line. */
    static String encode(Response response, HttpVersion version, boolean headRequest, boolean close) {
        ByteBuffer dst = ByteBuffer.allocate(4096);
        assertThat(ResponseEncoder.encodeHead(response, version, headRequest, close, dst)).isTrue();
        String head = new String(dst.array(), 0, dst.position(), StandardCharsets.ISO_8859_1);
        assertThat(head).endsWith("\r\n\r\n");
        assertThat(head.indexOf("\r\n\r\n")).as("exactly one empty line").isEqualTo(head.length() - 4);
        assertThat(head.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
        return head;
    }

    /** The field lines as "name: value", without the status line. */
    static List<String> fields(String head) {
        List<String> lines = new ArrayList<>(Arrays.asList(head.substring(0, head.length() - 4).split("\r\n")));
        lines.removeFirst();
        for (String line : lines) assertThat(line).matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+: .*");
        return lines;
    }

    static List<String> named(String head, String name) {
        return fields(head).stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT)
                + ":")).toList();
    }

    // ---- status line and added fields ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 201, 202, 206, 301, 302, 400, 404, 413, 418, 431, 500, 501, 503, 505, 299, 599})
    void writesTheStatusLine(int status) {
        String head = encode(Response.status(status).build(), HttpVersion.HTTP_1_1, false, false);
        assertThat(head).startsWith("HTTP/1.1 " + status + " " + HttpStatus.reason(status) + "\r\n");
    }

    @Test
    void answersHttp10ClientsWithAnHttp11StatusLine() {
        // RFC 9110 2.5: a server sends its own highest version; the client's version only shapes framing.
        assertThat(encode(OK_HELLO, HttpVersion.HTTP_1_0, false, false)).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void addsServerAndDate() {
        String head = encode(OK_HELLO, HttpVersion.HTTP_1_1, false, false);
        assertThat(named(head, "server")).containsExactly("Server: Barista");
        assertThat(named(head, "date")).hasSize(1);
        assertThat(named(head, "date").getFirst())
                .matches("Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }

    @Test
    void keepsServerAndDateSetByTheHandler() {
        Response r = Response.status(200).header("server", "Mine").header("DATE", "Sun, 06 Nov 1994 08:49:37 GMT")
                .build();
        String head = encode(r, HttpVersion.HTTP_1_1, false, false);
        assertThat(named(head, "server")).containsExactly("server: Mine");
        assertThat(named(head, "date")).containsExactly("DATE: Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void writesHandlerFieldsInOrderAndValuesAsLatin1Bytes() {
        Response r = Response.status(200).header("X-A", "1").header("X-B", "caf\u00e9\tok").header("X-A", "2")
                .build();
        ByteBuffer dst = ByteBuffer.allocate(1024);
        ResponseEncoder.encodeHead(r, HttpVersion.HTTP_1_1, false, false, dst);
        String head = new String(dst.array(), 0, dst.position(), StandardCharsets.ISO_8859_1);
        assertThat(fields(head).subList(0, 3)).containsExactly("X-A: 1", "X-B: caf\u00e9\tok", "X-A: 2");
        int at = head.indexOf("caf") + 3;
        assertThat(dst.array()[at]).as("one byte per char, not UTF-8").isEqualTo((byte) 0xE9);
        assertThat(dst.array()[at + 1]).isEqualTo((byte) '\t');
    }

    // ---- framing -------------------------------------------------------------------------------------------

    static Stream<Arguments> framings() {
        Response bytes = OK_HELLO;
        Response empty = Response.status(200).build();
        Response noContent = Response.status(204).body("ignored");
        Response notModified = Response.status(304).body("ignored");
        Response informational = Response.status(103).build();
        return Stream.of(
                // response | version | HEAD? | framing | Content-Length | Transfer-Encoding
                Arguments.of("5 bytes", bytes, HttpVersion.HTTP_1_1, false, Framing.LENGTH, "5", null),
                Arguments.of("5 bytes", bytes, HttpVersion.HTTP_1_0, false, Framing.LENGTH, "5", null),
                Arguments.of("5 bytes", bytes, HttpVersion.HTTP_1_1, true, Framing.NONE, "5", null),
                Arguments.of("empty", empty, HttpVersion.HTTP_1_1, false, Framing.LENGTH, "0", null),
                Arguments.of("empty", empty, HttpVersion.HTTP_1_1, true, Framing.NONE, "0", null),
                Arguments.of("unknown length", UNKNOWN_LENGTH, HttpVersion.HTTP_1_1, false, Framing.CHUNKED, null,
                        "chunked"),
                Arguments.of("unknown length", UNKNOWN_LENGTH, HttpVersion.HTTP_1_0, false, Framing.UNTIL_CLOSE, null,
                        null),
                Arguments.of("unknown length", UNKNOWN_LENGTH, HttpVersion.HTTP_1_1, true, Framing.NONE, null, null),
                Arguments.of("unknown length", UNKNOWN_LENGTH, HttpVersion.HTTP_1_0, true, Framing.NONE, null, null),
                Arguments.of("204", noContent, HttpVersion.HTTP_1_1, false, Framing.NONE, null, null),
                Arguments.of("204", noContent, HttpVersion.HTTP_1_1, true, Framing.NONE, null, null),
                Arguments.of("304", notModified, HttpVersion.HTTP_1_1, false, Framing.NONE, null, null),
                Arguments.of("304", notModified, HttpVersion.HTTP_1_0, true, Framing.NONE, null, null),
                Arguments.of("103", informational, HttpVersion.HTTP_1_1, false, Framing.NONE, null, null));
    }

    @ParameterizedTest(name = "[{index}] {0} {2} HEAD={3} -> {4}")
    @MethodSource("framings")
    void framesTheBodyByLengthChunksOrClose(String name, Response response, HttpVersion version, boolean head,
                                           Framing framing, String contentLength, String transferEncoding) {
        assertThat(ResponseEncoder.framing(response, version, head)).isEqualTo(framing);
        assertThat(ResponseEncoder.sendsBody(framing)).isEqualTo(framing != Framing.NONE);
        String wire = encode(response, version, head, false);
        assertThat(named(wire, "content-length"))
                .isEqualTo(contentLength == null ? List.of() : List.of("Content-Length: " + contentLength));
        assertThat(named(wire, "transfer-encoding"))
                .isEqualTo(transferEncoding == null ? List.of() : List.of("Transfer-Encoding: " + transferEncoding));
    }

    @Test
    void announcesTheLengthOfFilesAndStreamsWithAKnownLength() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("barista", ".bin");
        try {
            java.nio.file.Files.write(file, new byte[1234]);
            ResponseBody region = ResponseBody.file(file);
            try (var channel = ((ResponseBody.FileRegion) region).channel()) {
                assertThat(named(encode(Response.status(200).body(region), HttpVersion.HTTP_1_1, false, false),
                        "content-length")).containsExactly("Content-Length: 1234");
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        Response stream = Response.status(200).body(ResponseBody.stream(new ByteArrayInputStream(new byte[7]), 7));
        assertThat(named(encode(stream, HttpVersion.HTTP_1_0, false, false), "content-length"))
                .containsExactly("Content-Length: 7");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 99, 100, 999, 1_000, 9_999, 10_000, 99_999, 100_000, 2_147_483_647L,
            2_147_483_648L, 12_345_678_901L, Long.MAX_VALUE})
    void writesEveryLengthInDecimal(long length) {
        Response response = Response.status(200)
                .body(ResponseBody.stream(new ByteArrayInputStream(new byte[0]), length));
        assertThat(named(encode(response, HttpVersion.HTTP_1_1, false, false), "content-length"))
                .containsExactly("Content-Length: " + length);
    }

    // ---- Connection ----------------------------------------------------------------------------------------

    static Stream<Arguments> connections() {
        return Stream.of(
                // response | version | close | Connection
                Arguments.of(OK_HELLO, HttpVersion.HTTP_1_1, false, null),
                Arguments.of(OK_HELLO, HttpVersion.HTTP_1_1, true, "close"),
                Arguments.of(OK_HELLO, HttpVersion.HTTP_1_0, false, "keep-alive"),
                Arguments.of(OK_HELLO, HttpVersion.HTTP_1_0, true, "close"),
                Arguments.of(UNKNOWN_LENGTH, HttpVersion.HTTP_1_1, false, null),
                Arguments.of(UNKNOWN_LENGTH, HttpVersion.HTTP_1_1, true, "close"),
                // an HTTP/1.0 body without a length ends with the connection, whatever the caller planned
                Arguments.of(UNKNOWN_LENGTH, HttpVersion.HTTP_1_0, false, "close"),
                Arguments.of(UNKNOWN_LENGTH, HttpVersion.HTTP_1_0, true, "close"));
    }

    @ParameterizedTest(name = "[{index}] {1} close={2} -> {3}")
    @MethodSource("connections")
    void saysWhetherTheConnectionPersists(Response response, HttpVersion version, boolean close, String connection) {
        String head = encode(response, version, false, close);
        assertThat(named(head, "connection"))
                .isEqualTo(connection == null ? List.of() : List.of("Connection: " + connection));
    }

    // ---- buffer handling -----------------------------------------------------------------------------------

    @Test
    void leavesTheBufferAsItWasWhenTheHeadDoesNotFit() {
        Response r = Response.status(200).header("X-Long", "v".repeat(100)).body("hello");
        ByteBuffer probe = ByteBuffer.allocate(4096);
        assertThat(ResponseEncoder.encodeHead(r, HttpVersion.HTTP_1_1, false, true, probe)).isTrue();
        int needed = probe.position(); // the Date line has a fixed length, so this does not change between calls
        byte[] prefix = "earlier bytes".getBytes(StandardCharsets.ISO_8859_1);

        for (int room = 0; room < needed; room++) {
            ByteBuffer dst = ByteBuffer.allocate(prefix.length + needed + 10);
            dst.put(prefix).limit(prefix.length + room);
            assertThat(ResponseEncoder.encodeHead(r, HttpVersion.HTTP_1_1, false, true, dst)).as("room %d", room)
                    .isFalse();
            assertThat(dst.position()).isEqualTo(prefix.length);
            assertThat(dst.limit()).isEqualTo(prefix.length + room);
            assertThat(Arrays.copyOf(dst.array(), prefix.length)).isEqualTo(prefix);
        }
        ByteBuffer exact = ByteBuffer.allocate(prefix.length + needed);
        exact.put(prefix);
        assertThat(ResponseEncoder.encodeHead(r, HttpVersion.HTTP_1_1, false, true, exact)).isTrue();
        assertThat(exact.position()).isEqualTo(prefix.length + needed);
        assertThat(exact.hasRemaining()).isFalse();
    }

    // ---- chunks and interim responses ----------------------------------------------------------------------

    static Stream<Arguments> chunkHeaders() {
        return Stream.of(Arguments.of(0, "0"), Arguments.of(1, "1"), Arguments.of(9, "9"), Arguments.of(10, "a"),
                Arguments.of(15, "f"), Arguments.of(16, "10"), Arguments.of(255, "ff"), Arguments.of(256, "100"),
                Arguments.of(4096, "1000"), Arguments.of(65535, "ffff"), Arguments.of(0x10000, "10000"),
                Arguments.of(0x0abcdef0, "abcdef0"), Arguments.of(Integer.MAX_VALUE, "7fffffff"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("chunkHeaders")
    void writesChunkSizesInLowerCaseHexWithoutLeadingZeros(int size, String hex) {
        ByteBuffer dst = ByteBuffer.allocate(16);
        ResponseEncoder.putChunkHeader(dst, size);
        assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII)).isEqualTo(hex + "\r\n");
    }

    @Test
    void chunkedBodiesEncodedHereParseBackThroughTheRequestParser() {
        // The encoder's chunk framing and the parser's agree: a body chunked by one is the body for the other.
        ByteBuffer wire = ByteBuffer.allocate(1024);
        wire.put("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        for (int from = 0; from < data.length; from += 17) {
            int n = Math.min(17, data.length - from);
            ResponseEncoder.putChunkHeader(wire, n);
            wire.put(data, from, n);
            ResponseEncoder.putCrlf(wire);
        }
        wire.put(ResponseEncoder.lastChunk(new String[]{"grpc-status", "0", "x-checksum", "caf\u00e9"}));
        EmbeddedParser.Outcome o = EmbeddedParser.parseEveryWay(HttpLimits.DEFAULTS,
                Arrays.copyOf(wire.array(), wire.position()));
        assertThat(o.only().body()).isEqualTo(data);
        assertThat(o.only().trailers().get("grpc-status")).isEqualTo("0");
        assertThat(o.only().trailers().get("x-checksum")).isEqualTo("caf\u00e9");
    }

    @Test
    void lastChunkEndsTheBodyWithAnEmptyTrailerSectionOrTheTrailers() {
        assertThat(new String(ResponseEncoder.lastChunk(new String[0]), StandardCharsets.US_ASCII)).isEqualTo("0\r\n\r\n");
        assertThat(new String(ResponseEncoder.lastChunk(new String[]{"a", "1", "b", "2"}), StandardCharsets.US_ASCII))
                .isEqualTo("0\r\na: 1\r\nb: 2\r\n\r\n");
    }

    @Test
    void continueLineIsAFreshCopyEachTime() {
        byte[] first = ResponseEncoder.continueLine();
        assertThat(new String(first, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        first[0] = 'X';
        assertThat(ResponseEncoder.continueLine()[0]).isEqualTo((byte) 'H');
    }

    // ---- decimal -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 123_456_789, 10_000_000_000L, Long.MAX_VALUE})
    void writesDecimals(long value) {
        ByteBuffer dst = ByteBuffer.allocate(32);
        dst.put((byte) '>');
        ResponseEncoder.putDecimal(dst, value);
        assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII)).isEqualTo(">" + value);
    }

    @Test
    void aDecimalThatDoesNotFitOverflowsWithoutMovingThePosition() {
        ByteBuffer dst = ByteBuffer.allocate(8);
        dst.put((byte) 'x');
        assertThatThrownBy(() -> ResponseEncoder.putDecimal(dst, 12_345_678L))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isEqualTo(1);
    }
}
