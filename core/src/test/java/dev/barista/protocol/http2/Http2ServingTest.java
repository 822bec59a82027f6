package dev.barista.protocol.http2;

import dev.barista.conformance.ConformanceRoutes;
import dev.barista.conformance.ConformanceServer;
import dev.barista.conformance.ConformanceServers;
import dev.barista.conformance.Gate;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/2 served by every model, the multi-process ones too: h2c by prior knowledge and by {@code Upgrade},
 * h2 over TLS through ALPN, with the same routes HTTP/1.1 serves. Bodies of every kind go out under flow
 * control, request bodies larger than a window come in, and streams of one connection run side by side.
 */
@Timeout(120)
class Http2ServingTest {
    private static final byte[] LARGE = ConformanceRoutes.largeBody();
    private static final byte[] STREAM = ConformanceRoutes.streamBody();

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers("tls=self-signed");

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void priorKnowledgeServesRequestsOnOneConnection(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            for (int i = 0; i < 20; i++) {
                H2TestClient.Response r = client.get("/n/" + i);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("n" + i);
                assertThat(r.headers()).containsKeys("date", "content-length", "content-type");
            }
            assertThat(client.serverSettings.get(Http2.MAX_CONCURRENT_STREAMS)).isEqualTo(100);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void manyStreamsInFlightAreAnsweredEachOnItsOwnStream(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int id = client.nextStreamId();
                ids.add(id);
                client.headers(id, H2TestClient.request("GET", "/b/" + id), true);
            }
            for (int id : ids) { // answers may come in any order; each waits on its own stream
                assertThat(client.response(id).text()).isEqualTo("b" + id);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void everyKindOfBodyArrivesWholeUnderFlowControl(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            assertThat(client.get("/large/bytes").body()).isEqualTo(LARGE);
            assertThat(client.get("/large/stream").body()).isEqualTo(LARGE);
            assertThat(client.get("/large/stream-known").body()).isEqualTo(LARGE);
            assertThat(client.get("/stream/unknown").body()).isEqualTo(STREAM);
            H2TestClient.Response file = client.get("/file");
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.body()).hasSize(Integer.parseInt(file.headers().get("content-length")));
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aRequestBodyLargerThanTheWindowsIsEchoed(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        byte[] body = new byte[3 * 1024 * 1024]; // past the stream window (1 MiB) and the default 64 KiB
        new Random(7).nextBytes(body);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            int id = client.nextStreamId();
            List<String[]> headers = H2TestClient.request("POST", "/echo");
            headers.add(new String[]{"content-length", Integer.toString(body.length)});
            client.headers(id, headers, false);
            int sent = 0;
            while (sent < body.length) { // the server's windows allow it: it gives them back as it reads
                int n = Math.min(16_384, body.length - sent);
                client.data(id, java.util.Arrays.copyOfRange(body, sent, sent + n), sent + n == body.length);
                sent += n;
            }
            H2TestClient.Response r = client.response(id);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(body);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aStreamingRouteReadsItsBodyWhileItArrivesUnderTheStreamWindow(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        byte[] chunk = new byte[16_384];
        int chunks = 320; // 5 MiB: five stream windows, given back only as the handler reads
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            int id = client.nextStreamId();
            client.headers(id, H2TestClient.request("POST", "/count"), false);
            client.dataWithinWindows(id, chunk, chunks);
            H2TestClient.Response r = client.response(id);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo(Long.toString((long) chunk.length * chunks));
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void trailersReachTheHandler(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            int id = client.nextStreamId();
            client.headers(id, H2TestClient.request("POST", "/echo"), false);
            client.data(id, "abc".getBytes(StandardCharsets.US_ASCII), false);
            client.headers(id, List.<String[]>of(new String[]{"x-checksum", "900150983cd24fb0"}), true);
            H2TestClient.Response r = client.response(id);
            assertThat(r.text()).isEqualTo("abc");
            assertThat(r.headers()).containsEntry("x-got-checksum", "900150983cd24fb0").containsEntry("x-trailer-count", "1");
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aStreamingResponseThatFailsResetsItsStreamOnly(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            H2TestClient.Response failed = client.get("/stream/fails");
            assertThat(failed.resetCode()).isEqualTo(Http2.INTERNAL_ERROR);
            assertThat(client.get("/hello").text()).isEqualTo("hello"); // the connection goes on
        }
    }

    @ParameterizedTest
    @MethodSource("blockingCapable")
    void blockingHandlersOfOneConnectionRunSideBySide(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        Gate gate = servers.gate();
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int id = client.nextStreamId();
                ids.add(id);
                client.headers(id, H2TestClient.request("GET", gate.path(i)), true);
            }
            gate.awaitEntered(4); // all four handlers at once: one connection, four threads
            gate.release();
            for (int i = 0; i < 4; i++) assertThat(client.response(ids.get(i)).text()).isEqualTo("done" + i);
        }
    }

    @ParameterizedTest
    @MethodSource("blockingCapable")
    void aGracefulStopSendsGoAwayAndFinishesTheStreamsUnderWay(Model model) throws Exception {
        ConformanceServer server = servers.startForThisTest(model, "grace=10000");
        Gate gate = servers.gate();
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            int id = client.nextStreamId();
            client.headers(id, H2TestClient.request("GET", gate.path(0)), true);
            gate.awaitEntered(1);
            server.beginStop();
            H2TestClient.Frame goAway = client.goAway();
            assertThat(goAway).as("GOAWAY").isNotNull();
            assertThat(goAway.errorCode()).isEqualTo(Http2.NO_ERROR);
            assertThat(java.nio.ByteBuffer.wrap(goAway.payload()).getInt(0)).as("last stream").isEqualTo(id);
            gate.release();
            assertThat(client.response(id).text()).isEqualTo("done0"); // the stream under way still finishes
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(server.awaitStopped(Duration.ofSeconds(20))).isTrue();
    }

    /** The event-loop model runs blocking handlers on its loop, one at a time by design. */
    static List<Model> blockingCapable() {
        return Models.every().stream().filter(m -> !m.name().equals("event-loop")).toList();
    }

    /** An {@code Upgrade: h2c} pipelined behind a request: that request is answered over HTTP/1.1 first, then the switch. */
    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void anUpgradePipelinedBehindAnAnsweredRequestSwitchesAfterTheAnswer(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (RawClient client = RawClient.connect(server.port())) {
            client.send(RawClient.get("/n/1") + "GET /n/2 HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABk\r\n\r\n");
            assertThat(client.read().bodyText()).isEqualTo("n1");
            assertThat(client.read(true).status()).isEqualTo(101);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void theJdkClientUpgradesToH2cAndSpeaksH2OverTls(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        HttpClient cleartext = server.track(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build());
        HttpResponse<String> upgraded = cleartext.send(HttpRequest.newBuilder(server.uri("/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upgraded.body()).isEqualTo("hello");
        assertThat(upgraded.version()).isEqualTo(HttpClient.Version.HTTP_2);
        HttpResponse<String> again = cleartext.send(HttpRequest.newBuilder(server.uri("/n/2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.version()).isEqualTo(HttpClient.Version.HTTP_2);

        HttpClient tls = server.track(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(H2TestClient.trustingEverything()).connectTimeout(Duration.ofSeconds(5)).build());
        URI https = URI.create("https://127.0.0.1:" + server.securePort() + "/large/bytes");
        HttpResponse<byte[]> secure = tls.send(HttpRequest.newBuilder(https).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(secure.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(secure.body()).isEqualTo(LARGE);

        HttpClient http11 = server.track(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(H2TestClient.trustingEverything()).build());
        HttpResponse<String> overTls = http11.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + server.securePort() + "/connection")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overTls.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(overTls.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void h2OverTlsThroughAlpn(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connectTls(server.securePort())) {
            assertThat(client.get("/hello").text()).isEqualTo("hello");
            assertThat(client.get("/large/stream").body()).isEqualTo(LARGE);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void manyTlsConnectionsEachWithManyStreamsAreAllAnswered(Model model) throws Exception {
        // Bursts of streams on several TLS connections at once fill outputs and hold input back, in HTTP/2 and
        // then in TLS: what was held must be taken up again without waiting for more bytes from the client.
        ConformanceServer server = servers.server(model);
        try (var clients = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                done.add(clients.submit(() -> {
                    try (H2TestClient client = H2TestClient.connectTls(server.securePort())) {
                        for (int burst = 0; burst < 3; burst++) {
                            List<Integer> ids = new ArrayList<>();
                            for (int i = 0; i < 100; i++) {
                                int id = client.nextStreamId();
                                ids.add(id);
                                client.headers(id, H2TestClient.request("GET", "/n/" + id), true);
                            }
                            for (int id : ids) assertThat(client.response(id).text()).isEqualTo("n" + id);
                        }
                    }
                    return null;
                }));
            }
            for (var f : done) f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aHeadRequestGetsTheLengthButNoBody(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            H2TestClient.Response r = client.exchange("HEAD", "/large/bytes", null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().get("content-length")).isEqualTo(Integer.toString(LARGE.length));
            assertThat(r.body()).isEmpty();
            assertThat(client.get("/nothing-here").status()).isEqualTo(404);
            assertThat(new String(client.exchange("DELETE", "/hello", null).body(), StandardCharsets.UTF_8))
                    .isNotEmpty(); // 405 with its body
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void responseTrailersEndTheStreamInALastHeadersFrame(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            H2TestClient.Response bytes = client.get("/trailers/bytes");
            assertThat(bytes.text()).isEqualTo("hello");
            assertThat(bytes.trailers()).containsEntry("x-checksum", "sum-5");
            H2TestClient.Response stream = client.get("/trailers/stream");
            assertThat(stream.body()).isEqualTo(STREAM);
            assertThat(stream.trailers()).containsEntry("x-count", String.valueOf(STREAM.length));
            H2TestClient.Response large = client.get("/trailers/large");
            assertThat(large.body()).isEqualTo(LARGE);
            assertThat(large.trailers()).containsEntry("grpc-status", "0");
            H2TestClient.Response empty = client.get("/trailers/empty");
            assertThat(empty.body()).isEmpty();
            assertThat(empty.trailers()).containsEntry("grpc-status", "0").containsEntry("grpc-message", "done");
            H2TestClient.Response forbidden = client.get("/trailers/forbidden");
            assertThat(forbidden.trailers()).containsOnlyKeys("x-ok");
            assertThat(client.get("/hello").trailers()).isEmpty();
        }
    }
}
