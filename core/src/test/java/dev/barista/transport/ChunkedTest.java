package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies of unknown length: chunked requests (extensions, trailers) are decoded; streamed responses go out
 * chunked when their length is unknown and with Content-Length when it is known; large and file bodies
 * arrive byte for byte.
 */
class ChunkedTest {
    private static final byte[] SMALL = randomBytes(100_000, 1);
    private static final byte[] LARGE = randomBytes(6 * 1024 * 1024, 2);

    private final ServerFixture fx = new ServerFixture();

    @TempDir
    Path tempDir;

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private Server start(Model model) throws IOException {
        Path file = tempDir.resolve("body.bin");
        Files.write(file, LARGE);
        return fx.start(ServerFixture.builder().model(model)
                .post("/echo", Endpoint.nonBlocking(r -> {
                    Response.Builder b = Response.status(200).contentType("application/octet-stream");
                    if (r.trailers().get("x-checksum") != null) b.header("X-Got-Checksum", r.trailers().get("x-checksum"));
                    return b.header("X-Trailer-Count", String.valueOf(r.trailers().size())).body(r.body().bytes());
                }))
                .get("/stream/unknown", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(SMALL), -1))))
                .get("/stream/blocking", r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(SMALL), -1)))
                .get("/stream/short", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(SMALL), SMALL.length + 1))))
                .get("/stream/known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(SMALL), SMALL.length))))
                .get("/large/bytes", Endpoint.nonBlocking(r -> Response.status(200).body(LARGE)))
                .get("/large/stream", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(LARGE), -1))))
                .get("/large/stream-known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(LARGE), LARGE.length))))
                .get("/file", r -> Response.status(200).contentType("application/octet-stream")
                        .body(ResponseBody.file(file)))
                .get("/stream/fails", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new FailingStream(50_000), -1))))
                .get("/n", Endpoint.nonBlocking(r -> Response.text("next"))));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void chunkedRequestWithExtensionsAndTrailersIsDecoded(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n"
                + "1 ; flag\r\n \r\n"
                + "A;q=\"quoted;ext\"\r\n0123456789\r\n"
                + "0;last\r\nX-Checksum: abc123\r\nX-Other: 1\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("hello 0123456789");
        assertThat(response.header("X-Got-Checksum")).isEqualTo("abc123");
        assertThat(response.header("X-Trailer-Count")).isEqualTo("2");
        // The connection is still in sync: the next request is answered.
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("next");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void chunkedRequestBodyArrivingInPiecesIsEchoed(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String data = "piece-" + i + ";";
            expected.append(data);
            String chunk = Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
            // Every chunk in two writes, split inside the size line or the data.
            int cut = 1 + i % (chunk.length() - 1);
            client.send(chunk.substring(0, cut));
            client.send(chunk.substring(cut));
        }
        client.send("0\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo(expected.toString());
        assertThat(response.header("X-Trailer-Count")).isEqualTo("0");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void httpClientStreamingARequestBodySendsItChunkedAndGetsItBack(Model model) throws Exception {
        start(model);
        HttpClient client = fx.httpClient();
        byte[] body = randomBytes(1_000_000, 3);
        HttpRequest request = fx.request("/echo")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void streamOfUnknownLengthIsSentChunked(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse response = client.send(RawClient.get("/stream/unknown")).read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.hasHeader("Content-Length")).isFalse();
        assertThat(response.chunked()).isTrue();
        assertThat(response.body()).isEqualTo(SMALL);
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("next");

        HttpResponse<byte[]> viaClient = fx.httpClient().send(fx.request("/stream/unknown").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaClient.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(viaClient.body()).isEqualTo(SMALL);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void streamOfKnownLengthIsSentWithContentLength(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse response = client.send(RawClient.get("/stream/known")).read();
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(SMALL.length));
        assertThat(response.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(response.body()).isEqualTo(SMALL);
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("next");
    }

    @Test
    void streamOfUnknownLengthToHttp10IsDelimitedByClose() throws Exception {
        start(Model.named("reactor"));
        RawClient client = fx.raw();
        RawResponse response = client.send("GET /stream/unknown HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
        assertThat(response.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(response.hasHeader("Content-Length")).isFalse();
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.body()).isEqualTo(SMALL);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void responsesPipelinedBehindABodyDelimitedByCloseAreNeverWritten(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        // HTTP/1.0 cannot take chunked: the body ends where the connection does. The request pipelined after
        // it may already be in progress (the stream comes from a worker), but its answer must not be sent:
        // the client would read it as the end of the body.
        client.send("GET /stream/blocking HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /n HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.body().length).isEqualTo(SMALL.length);
        assertThat(response.body()).isEqualTo(SMALL);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void streamShorterThanItsAnnouncedLengthClosesTheConnection(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/stream/short"));
        // Content-Length promised one byte more than the stream has: the client must see the body cut off.
        org.assertj.core.api.Assertions.assertThatThrownBy(client::read).isInstanceOf(java.io.EOFException.class);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void largeBodiesArriveWhole(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        for (String path : new String[]{"/large/bytes", "/large/stream", "/large/stream-known", "/file"}) {
            RawResponse response = client.send(RawClient.get(path)).read();
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.chunked()).as(path).isEqualTo(path.equals("/large/stream"));
            assertThat(response.body().length).as(path).isEqualTo(LARGE.length);
            assertThat(response.body()).as(path).isEqualTo(LARGE);
        }
        HttpClient http = fx.httpClient();
        HttpResponse<byte[]> file = http.send(fx.request("/file").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.headers().firstValue("content-length")).hasValue(String.valueOf(LARGE.length));
        assertThat(file.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(file.body()).isEqualTo(LARGE);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void pipelinedLargeBodiesStayInOrder(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        String[] paths = {"/file", "/n", "/large/stream", "/stream/known", "/large/bytes", "/n"};
        StringBuilder all = new StringBuilder();
        for (String path : paths) all.append(RawClient.get(path));
        client.send(all.toString());
        Map<String, byte[]> expected = Map.of("/file", LARGE, "/n", "next".getBytes(), "/large/stream", LARGE,
                "/stream/known", SMALL, "/large/bytes", LARGE);
        for (String path : paths) {
            assertThat(client.read().body()).as(path).isEqualTo(expected.get(path));
        }
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void streamThatFailsMidwayClosesTheConnectionWithoutTheLastChunk(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/stream/fails"));
        // The head promised a chunked body: the client must see it cut off, never a clean end.
        org.assertj.core.api.Assertions.assertThatThrownBy(client::read).isInstanceOf(IOException.class);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
        // Others are still served.
        assertThat(fx.raw().send(RawClient.get("/n")).read().bodyText()).isEqualTo("next");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void anAnswerPipelinedBeforeAFailingStreamStillArrivesWhole(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/n") + RawClient.get("/stream/fails") + RawClient.get("/n"));
        assertThat(client.read().bodyText()).isEqualTo("next");
        org.assertj.core.api.Assertions.assertThatThrownBy(client::read).isInstanceOf(IOException.class);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    /** Yields {@code good} bytes, then fails like a broken disk or upstream. */
    private static final class FailingStream extends InputStream {
        private int left;

        FailingStream(int good) {
            this.left = good;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) throw new IOException("source failed");
            int n = Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
        }
    }
}
