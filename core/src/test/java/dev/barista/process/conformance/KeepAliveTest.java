package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.process.ProcessTestServer;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistent connections under the multi-process models, as {@code dev.barista.transport.KeepAliveTest}
 * checks them in-process: HTTP/1.1 keeps a connection by default and one process serves all of it (a prefork
 * worker, or the connection's own child), HTTP/1.0 only when asked, and Connection: close ends it.
 */
@Timeout(60)
class KeepAliveTest {
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
    void oneProcessServesManyRequestsOnOneConnectionUntilConnectionClose(Model model) throws Exception {
        RawClient client = servers.raw(model);
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

        RawResponse last = client.send("GET /b/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").read();
        assertThat(last.status()).isEqualTo(200);
        assertThat(last.bodyText()).isEqualTo("bx");
        assertThat(last.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void http10WithoutKeepAliveClosesAfterTheResponse(Model model) throws Exception {
        RawClient client = servers.raw(model);
        RawResponse response = client.send("GET /n/1 HTTP/1.0\r\n\r\n").read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.version()).isEqualTo("HTTP/1.1");
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void http10WithKeepAliveStaysOpen(Model model) throws Exception {
        RawClient client = servers.raw(model);
        for (int i = 0; i < 3; i++) {
            RawResponse response = client.send("GET /b/" + i + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("b" + i);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(response.header("Content-Length")).isEqualTo(String.valueOf(("b" + i).length()));
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void requestsPipelinedAfterConnectionCloseOrAHandlersCloseAreNotAnswered(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("GET /n/1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + RawClient.get("/n/2"));
        RawResponse response = client.read();
        assertThat(response.bodyText()).isEqualTo("n1");
        assertThat(response.closes()).isTrue();
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, /n/2 unanswered").isTrue();

        RawClient other = servers.raw(model);
        other.send(RawClient.get("/bye") + RawClient.get("/n/never"));
        RawResponse bye = other.read();
        assertThat(bye.bodyText()).isEqualTo("bye");
        assertThat(bye.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(other.closedWithin(Duration.ofSeconds(3))).as("closed, /n/never unanswered").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void clientThatHalfClosesAfterItsRequestsStillGetsEveryResponseWhole(Model model) throws Exception {
        // FIN after the last request ends the requests, not the responses: the server finishes writing first.
        int mid = 240 * 1024;
        int big = 4 * 1024 * 1024;
        RawClient client = servers.raw(servers.server(model), 32 * 1024);
        client.send(RawClient.get("/n/before") + RawClient.get("/bytes/" + mid) + RawClient.get("/bytes/" + big)
                + RawClient.get("/bytes/" + mid));
        client.shutdownOutput();
        assertThat(client.read().bodyText()).isEqualTo("nbefore");
        assertThat(client.read().body()).isEqualTo(ProcessTestServer.bytes(mid));
        assertThat(client.read().body()).isEqualTo(ProcessTestServer.bytes(big));
        assertThat(client.read().body()).isEqualTo(ProcessTestServer.bytes(mid));
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
