package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistent connections: HTTP/1.1 keeps them by default and one process serves all of a connection (a
 * prefork worker, or the connection's own child), HTTP/1.0 only when asked, Connection: close (the client's
 * or a handler's) ends them, and a client's half-close ends its requests, not the responses.
 */
@Timeout(60)
class KeepAliveTest {
    private static final int MID = 240 * 1024; // under the default high-water mark (256 KiB)
    private static final int BIG = 8 * 1024 * 1024;

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void httpClientReusesOneConnectionForSequentialRequests(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        HttpClient client = server.httpClient();
        String connection = server.get(client, "/connection").body();
        for (int i = 0; i < 50; i++) {
            String path = (i % 2 == 0 ? "/n/" : "/b/") + i;
            HttpResponse<String> response = server.get(client, path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo((i % 2 == 0 ? "n" : "b") + i);
        }
        assertThat(server.get(client, "/connection").body()).as("the same client address and port").isEqualTo(connection);
        if (server instanceof InProcessServer local) {
            assertThat(local.stats().acceptedConnections.sum()).isEqualTo(1);
            assertThat(local.stats().requests.sum()).isEqualTo(52);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void oneProcessServesManyRequestsOnOneConnectionUntilConnectionClose(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String path = (i % 3 == 0 ? "/b/" : "/n/") + i;
            RawResponse response = client.send(RawClient.get(path)).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo((i % 3 == 0 ? "b" : "n") + i);
            assertThat(response.closes()).isFalse();
            if (i % 10 == 0) servedBy.add(client.send(RawClient.get("/pid")).read().bodyText());
        }
        assertThat(servedBy).as("one process served the whole connection").hasSize(1);
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
        if (server instanceof InProcessServer local) assertThat(local.stats().acceptedConnections.sum()).isEqualTo(1);

        RawResponse last = client.send("GET /b/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").read();
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.bodyText()).isEqualTo("bx");
        assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void http10WithoutKeepAliveClosesAfterTheResponse(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        RawResponse response = client.send("GET /n/1 HTTP/1.0\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.version()).isEqualTo("HTTP/1.1");
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void http10WithKeepAliveStaysOpen(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        for (int i = 0; i < 3; i++) {
            RawResponse response = client.send("GET /b/" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("b" + i);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(("b" + i).length()));
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
        if (server instanceof InProcessServer local) assertThat(local.stats().acceptedConnections.sum()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void connectionCloseClosesAfterTheResponse(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        RawResponse first = client.send(RawClient.get("/n/1")).read();
        assertThat(first.closes()).isFalse();
        RawResponse last = client.send("GET /b/2 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").read();
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.bodyText()).isEqualTo("b2");
        assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void requestsPipelinedAfterConnectionCloseAreNotAnswered(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send("GET /n/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + RawClient.get("/n/2"));
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.closes()).isTrue();
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, /n/2 unanswered").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void handlerAskingToCloseClosesAfterItsResponse(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send(RawClient.get("/bye") + RawClient.get("/n/never"));
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo("bye");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, /n/never unanswered").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void clientThatHalfClosesAfterItsRequestsStillGetsEveryResponseWhole(Model model) throws Exception {
        // Sending FIN after the last request is legal (HTTP/1.0 tools, `nc -N`): it ends the requests, not the
        // responses, so the server must finish writing before it closes.
        RawClient client = servers.server(model).raw(32 * 1024);
        client.send(RawClient.get("/n/before") + RawClient.get("/bytes/" + MID) + RawClient.get("/bytes/" + BIG)
                + RawClient.get("/bytes/" + MID));
        client.shutdownOutput();
        assertThat(client.read().bodyText()).isEqualTo("nbefore");
        assertThat(client.read().body()).isEqualTo(ConformanceRoutes.bytes(MID));
        assertThat(client.read().body()).isEqualTo(ConformanceRoutes.bytes(BIG));
        assertThat(client.read().body()).isEqualTo(ConformanceRoutes.bytes(MID));
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void clientThatHalfClosesAfterOneRequestGetsTheWholeResponse(Model model) throws Exception {
        // High water marks keep the server reading while the 8 MB response is mostly unsent, so it sees the
        // end of the input early; the response must still arrive whole.
        ConformanceServer server = servers.server(model, "waterMarks=" + 64 * 1024 * 1024 + "," + 32 * 1024 * 1024);
        RawClient client = server.raw(32 * 1024);
        client.send(RawClient.get("/bytes/" + BIG));
        client.shutdownOutput();
        Thread.sleep(100);
        assertThat(client.read().body()).isEqualTo(ConformanceRoutes.bytes(BIG));
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
