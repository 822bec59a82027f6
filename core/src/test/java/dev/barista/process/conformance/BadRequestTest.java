package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests under the multi-process models, as {@code dev.barista.transport.BadRequestTest} checks
 * them in-process, for the cases that matter to request smuggling: the codec's status with {@code
 * Connection: close}, nothing after the bad message answered, and other clients unaffected.
 */
@Timeout(60)
class BadRequestTest {
    private static final ServerProcesses servers = new ServerProcesses();

    @AfterEach
    void closeClients() {
        servers.closeClients();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    /** Smuggling-relevant malformed request bytes and the status each must get, for every model. */
    static List<Arguments> malformed() {
        List<Object[]> cases = List.of(
                new Object[]{"CL and TE", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
                new Object[]{"two Content-Lengths", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                        + "Content-Length: 2\r\n\r\nab", 400},
                new Object[]{"bad chunk size", "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n", 400},
                new Object[]{"bare LF", "GET /n/lf HTTP/1.1\nHost: x\n\n", 400},
                new Object[]{"obs-fold", "GET /n/fold HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400},
                new Object[]{"unknown transfer coding", "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501});
        List<Arguments> arguments = new ArrayList<>();
        for (Model model : Models.multiProcess()) {
            for (Object[] c : cases) arguments.add(Arguments.of(model, c[0], c[1], c[2]));
        }
        return arguments;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void malformedRequestGetsItsStatusAndTheConnectionCloses(Model model, String what, String bytes, int status)
            throws Exception {
        RawClient client = servers.raw(model);
        // A good request before it is answered; one after it never is.
        client.send(RawClient.get("/n/1") + bytes + RawClient.get("/n/2"));
        RawResponse first = client.read();
        assertThat(first.bodyText()).isEqualTo("n1");
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(refused.header("Content-Type")).startsWith("text/plain");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, with nothing more answered").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void otherConnectionsDoNotNoticeABadRequest(Model model) throws Exception {
        RawClient other = servers.raw(model);
        assertThat(other.send(RawClient.get("/b/1")).read().bodyText()).isEqualTo("b1");

        RawClient bad = servers.raw(model);
        bad.send("NONSENSE\r\n\r\n");
        assertThat(bad.read().status()).isEqualTo(400);
        assertThat(bad.closedWithin(Duration.ofSeconds(3))).isTrue();

        assertThat(other.send(RawClient.get("/b/2")).read().bodyText()).isEqualTo("b2");
        assertThat(servers.raw(model).send(RawClient.get("/n/3")).read().bodyText()).isEqualTo("n3");
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void errorBodyNeverEchoesClientInput(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).doesNotContain("script");
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void clientThatKeepsSendingAfterABadRequestStillReadsTheAnswer(Model model) throws Exception {
        RawClient client = servers.raw(model);
        // Plenty of bytes after the bad message: the server must not reset before we read its answer.
        client.send("NONSENSE\r\n\r\n" + "x".repeat(200_000));
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
