package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bodies of unknown length: chunked requests (extensions, trailers, arriving in pieces, streamed by a real
 * client) are decoded; streamed responses go out chunked when their length is unknown, with Content-Length when
 * it is known, and delimited by the close to HTTP/1.0; large and file bodies arrive byte for byte and stay in
 * order when pipelined; a stream that fails or falls short cuts the connection, never ends it cleanly.
 */
@Timeout(60)
class ChunkedTest {
    private static final byte[] STREAM = ConformanceRoutes.streamBody();
    private static final byte[] LARGE = ConformanceRoutes.largeBody();

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void chunkedRequestWithExtensionsAndTrailersIsDecoded(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
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
        assertThat(client.send(RawClient.get("/n/next")).read().bodyText()).isEqualTo("nnext");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void chunkedRequestBodyArrivingInPiecesIsEchoed(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
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
    @MethodSource(Models.EVERY)
    void httpClientStreamingARequestBodySendsItChunkedAndGetsItBack(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        byte[] body = new byte[1_000_000];
        new Random(3).nextBytes(body);
        // A publisher of unknown length: the client sends it chunked.
        HttpRequest request = server.request("/echo")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        HttpResponse<byte[]> response = server.httpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void streamOfUnknownLengthIsSentChunked(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        RawResponse response = client.send(RawClient.get("/stream/unknown")).read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(response.hasHeader("Content-Length")).isFalse();
        assertThat(response.chunked()).isTrue();
        assertThat(response.body()).isEqualTo(STREAM);
        assertThat(client.send(RawClient.get("/n/next")).read().bodyText()).isEqualTo("nnext");

        HttpResponse<byte[]> viaClient = server.httpClient().send(server.request("/stream/unknown").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(viaClient.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(viaClient.body()).isEqualTo(STREAM);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void streamOfKnownLengthIsSentWithContentLength(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        // After a stream of unknown length on the same connection, as well as first.
        assertThat(client.send(RawClient.get("/stream/unknown")).read().chunked()).isTrue();
        RawResponse response = client.send(RawClient.get("/stream/known")).read();
        assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(STREAM.length));
        assertThat(response.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(response.body()).isEqualTo(STREAM);
        assertThat(client.send(RawClient.get("/n/next")).read().bodyText()).isEqualTo("nnext");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void streamOfUnknownLengthToHttp10IsDelimitedByClose(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        RawResponse response = client.send("GET /stream/unknown HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
        assertThat(response.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(response.hasHeader("Content-Length")).isFalse();
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.body()).isEqualTo(STREAM);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void responsesPipelinedBehindABodyDelimitedByCloseAreNeverWritten(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        // HTTP/1.0 cannot take chunked: the body ends where the connection does. The request pipelined after
        // it may already be in progress (the stream comes from a worker), but its answer must not be sent:
        // the client would read it as the end of the body.
        client.send("GET /stream/blocking HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /n/next HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(response.body().length).isEqualTo(STREAM.length);
        assertThat(response.body()).isEqualTo(STREAM);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void streamShorterThanItsAnnouncedLengthClosesTheConnection(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send(RawClient.get("/stream/short"));
        // Content-Length promised one byte more than the stream has: the client must see the body cut off.
        assertThatThrownBy(client::read).isInstanceOf(EOFException.class);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void largeBodiesArriveWhole(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        for (String path : new String[]{"/large/bytes", "/large/stream", "/large/stream-known", "/file"}) {
            RawResponse response = client.send(RawClient.get(path)).read();
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.chunked()).as(path).isEqualTo(path.equals("/large/stream"));
            assertThat(response.body().length).as(path).isEqualTo(LARGE.length);
            assertThat(response.body()).as(path).isEqualTo(LARGE);
        }
        HttpClient http = server.httpClient();
        HttpResponse<byte[]> file = http.send(server.request("/file").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.headers().firstValue("content-length")).hasValue(String.valueOf(LARGE.length));
        assertThat(file.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(file.body()).isEqualTo(LARGE);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pipelinedLargeBodiesStayInOrder(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        String[] paths = {"/file", "/n/next", "/large/stream", "/stream/known", "/large/bytes", "/n/next"};
        StringBuilder all = new StringBuilder();
        for (String path : paths) all.append(RawClient.get(path));
        client.send(all.toString());
        Map<String, byte[]> expected = Map.of("/file", LARGE, "/n/next", "nnext".getBytes(), "/large/stream", LARGE,
                "/stream/known", STREAM, "/large/bytes", LARGE);
        for (String path : paths) {
            assertThat(client.read().body()).as(path).isEqualTo(expected.get(path));
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pipelinedStreamedResponsesStayInOrder(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 10; i++) all.append(RawClient.get(i % 2 == 0 ? "/stream/unknown" : "/n/" + i));
        client.send(all.toString());
        for (int i = 0; i < 10; i++) {
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(200);
            if (i % 2 == 0) {
                assertThat(response.chunked()).as("response %d", i).isTrue();
                assertThat(response.body()).as("response %d", i).isEqualTo(STREAM);
            } else {
                assertThat(response.bodyText()).as("response %d", i).isEqualTo("n" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void streamThatFailsMidwayClosesTheConnectionWithoutTheLastChunk(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        client.send(RawClient.get("/stream/fails"));
        // The head promised a chunked body: the client must see it cut off, never a clean end.
        assertThatThrownBy(client::read).isInstanceOf(IOException.class);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
        // Others are still served.
        assertThat(server.raw().send(RawClient.get("/n/next")).read().bodyText()).isEqualTo("nnext");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void anAnswerPipelinedBeforeAFailingStreamStillArrivesWhole(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send(RawClient.get("/n/next") + RawClient.get("/stream/fails") + RawClient.get("/n/next"));
        assertThat(client.read().bodyText()).isEqualTo("nnext");
        assertThatThrownBy(client::read).isInstanceOf(IOException.class);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    private static String trailer(RawResponse response, String name) {
        return response.trailers().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void responseTrailersFollowAChunkedBodyOfEveryKind(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        RawResponse bytes = client.send(RawClient.get("/trailers/bytes")).read();
        assertThat(bytes.chunked()).isTrue();
        assertThat(bytes.hasHeader("Content-Length")).as("chunked, not a length: the trailers need it").isFalse();
        assertThat(bytes.header("Trailer")).isEqualTo("x-checksum");
        assertThat(bytes.bodyText()).isEqualTo("hello");
        assertThat(trailer(bytes, "x-checksum")).isEqualTo("sum-5");

        RawResponse stream = client.send(RawClient.get("/trailers/stream")).read();
        assertThat(stream.body()).isEqualTo(STREAM);
        assertThat(trailer(stream, "x-count")).as("decided after the body was read").isEqualTo(String.valueOf(STREAM.length));

        RawResponse large = client.send(RawClient.get("/trailers/large")).read();
        assertThat(large.body()).isEqualTo(LARGE);
        assertThat(trailer(large, "grpc-status")).isEqualTo("0");

        RawResponse empty = client.send(RawClient.get("/trailers/empty")).read();
        assertThat(empty.body()).isEmpty();
        assertThat(trailer(empty, "grpc-status")).isEqualTo("0");
        assertThat(trailer(empty, "grpc-message")).isEqualTo("done");

        RawResponse forbidden = client.send(RawClient.get("/trailers/forbidden")).read();
        assertThat(forbidden.bodyText()).isEqualTo("ok");
        assertThat(forbidden.trailers()).extracting(Map.Entry::getKey).containsExactly("x-ok");
        // Still in sync after all of them.
        assertThat(client.send(RawClient.get("/n/after")).read().bodyText()).isEqualTo("nafter");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void http10AndHeadResponsesCarryNoTrailers(Model model) throws Exception {
        RawClient old = servers.server(model).raw();
        RawResponse http10 = old.send("GET /trailers/bytes HTTP/1.0\r\nHost: localhost\r\n\r\n").read();
        assertThat(http10.chunked()).isFalse();
        assertThat(http10.header("Content-Length")).isEqualTo("5");
        assertThat(http10.bodyText()).isEqualTo("hello");

        RawClient client = servers.server(model).raw();
        RawResponse head = client.send(RawClient.request("HEAD", "/trailers/bytes")).read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.hasHeader("Content-Length")).isFalse();
        assertThat(client.send(RawClient.get("/n/after")).read().bodyText()).isEqualTo("nafter");
    }
}
