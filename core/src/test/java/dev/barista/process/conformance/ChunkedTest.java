package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.process.ChildJvm;
import dev.barista.process.ProcessTestServer;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies of unknown length under the multi-process models, as {@code dev.barista.transport.ChunkedTest} checks
 * them in-process: chunked requests (extensions, trailers, arriving in pieces, streamed by a real client) are
 * decoded and echoed; streamed responses go out chunked when their length is unknown and with Content-Length
 * when it is known, and stay in order when pipelined.
 */
@Timeout(60)
class ChunkedTest {
    private static final byte[] STREAM = ProcessTestServer.streamBody();
    private static final ServerProcesses servers = new ServerProcesses();

    @AfterEach
    void closeClients() {
        servers.closeClients();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void chunkedRequestWithExtensionsAndTrailersIsDecoded(Model model) throws Exception {
        RawClient client = servers.raw(model);
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
    @MethodSource(Models.MULTI_PROCESS)
    void chunkedRequestBodyArrivingInPiecesIsEchoed(Model model) throws Exception {
        RawClient client = servers.raw(model);
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
    @MethodSource(Models.MULTI_PROCESS)
    void httpClientStreamingARequestBodySendsItChunkedAndGetsItBack(Model model) throws Exception {
        ChildJvm server = servers.server(model);
        byte[] body = new byte[1_000_000];
        new Random(3).nextBytes(body);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            // A publisher of unknown length: the client sends it chunked.
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(body);
        } finally {
            client.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void streamOfUnknownLengthIsSentChunkedAndOfKnownLengthWithContentLength(Model model) throws Exception {
        RawClient client = servers.raw(model);
        RawResponse unknown = client.send(RawClient.get("/stream/unknown")).read();
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(unknown.hasHeader("Content-Length")).isFalse();
        assertThat(unknown.chunked()).isTrue();
        assertThat(unknown.body()).isEqualTo(STREAM);

        RawResponse known = client.send(RawClient.get("/stream/known")).read();
        assertThat(known.header("Content-Length")).isEqualTo(String.valueOf(STREAM.length));
        assertThat(known.hasHeader("Transfer-Encoding")).isFalse();
        assertThat(known.body()).isEqualTo(STREAM);
        assertThat(client.send(RawClient.get("/n/next")).read().bodyText()).isEqualTo("nnext");
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void pipelinedStreamedResponsesStayInOrder(Model model) throws Exception {
        RawClient client = servers.raw(model);
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
}
