package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Persistent connections: HTTP/1.1 keeps them by default, HTTP/1.0 only when asked, and Connection: close ends them. */
class KeepAliveTest {
    private static final byte[] BIG = new byte[8 * 1024 * 1024];

    static {
        new java.util.Random(7).nextBytes(BIG);
    }

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model) throws Exception {
        return fx.start(ServerFixture.builder().model(model)
                .get("/n/{i}", Endpoint.nonBlocking(r -> Response.text("n" + r.pathParam("i"))))
                .get("/b/{i}", r -> Response.text("b" + r.pathParam("i")))
                .get("/big", Endpoint.nonBlocking(r -> Response.status(200).body(BIG)))
                .get("/bye", r -> Response.status(200).closeConnection().body("bye"))
                // Under the default high-water mark (256 KiB): the server keeps reading while it is unsent.
                .get("/mid", Endpoint.nonBlocking(r -> Response.status(200).body(java.util.Arrays.copyOf(BIG, 240 * 1024)))));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void httpClientReusesOneConnectionForSequentialRequests(Model model) throws Exception {
        Server server = start(model);
        HttpClient client = fx.httpClient();
        for (int i = 0; i < 50; i++) {
            String path = (i % 2 == 0 ? "/n/" : "/b/") + i;
            HttpResponse<String> response = fx.get(client, path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo((i % 2 == 0 ? "n" : "b") + i);
        }
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(1);
        assertThat(server.stats().requests.sum()).isEqualTo(50);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void rawSocketServesManyRequestsOnOneConnection(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        for (int i = 0; i < 100; i++) {
            String path = (i % 3 == 0 ? "/b/" : "/n/") + i;
            RawResponse response = client.send(RawClient.get(path)).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo((i % 3 == 0 ? "b" : "n") + i);
            assertThat(response.closes()).isFalse();
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(1);
    }

    @Test
    void http10WithoutKeepAliveClosesAfterTheResponse() throws Exception {
        start(Model.named("reactor"));
        RawClient client = fx.raw();
        RawResponse response = client.send("GET /n/1 HTTP/1.0\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.version()).isEqualTo("HTTP/1.1");
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void http10WithKeepAliveStaysOpen(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        for (int i = 0; i < 3; i++) {
            RawResponse response = client.send("GET /b/" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("b" + i);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(("b" + i).length()));
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void connectionCloseClosesAfterTheResponse(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse first = client.send(RawClient.get("/n/1")).read();
        assertThat(first.closes()).isFalse();
        RawResponse last = client.send("GET /b/2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").read();
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.bodyText()).isEqualTo("b2");
        assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void handlerAskingToCloseClosesAfterItsResponse(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/bye") + RawClient.get("/n/never"));
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo("bye");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void requestsPipelinedAfterConnectionCloseAreNotAnswered() throws Exception {
        start(Model.named("reactor"));
        RawClient client = fx.raw();
        client.send("GET /n/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + RawClient.get("/n/2"));
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.closes()).isTrue();
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void clientThatHalfClosesAfterItsRequestsStillGetsEveryResponseWhole(Model model) throws Exception {
        // Sending FIN after the last request is legal (HTTP/1.0 tools, `nc -N`): it ends the requests, not the
        // responses, so the server must finish writing before it closes.
        start(model);
        RawClient client = fx.raw(32 * 1024);
        client.send(RawClient.get("/n/before") + RawClient.get("/mid") + RawClient.get("/big") + RawClient.get("/mid"));
        client.shutdownOutput();
        assertThat(client.read().bodyText()).isEqualTo("nbefore");
        assertThat(client.read().body()).isEqualTo(java.util.Arrays.copyOf(BIG, 240 * 1024));
        assertThat(client.read().body()).isEqualTo(BIG);
        assertThat(client.read().body()).isEqualTo(java.util.Arrays.copyOf(BIG, 240 * 1024));
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void clientThatHalfClosesAfterOneRequestGetsTheWholeResponse(Model model) throws Exception {
        // High water marks keep the server reading while the 8 MB response is mostly unsent, so it sees the
        // end of the input early; the response must still arrive whole.
        fx.start(ServerFixture.builder().model(model).waterMarks(64 * 1024 * 1024, 32 * 1024 * 1024)
                .get("/big", Endpoint.nonBlocking(r -> Response.status(200).body(BIG))));
        RawClient client = fx.raw(32 * 1024);
        client.send(RawClient.get("/big"));
        client.shutdownOutput();
        Thread.sleep(100);
        assertThat(client.read().body()).isEqualTo(BIG);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
