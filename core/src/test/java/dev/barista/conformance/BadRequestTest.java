package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message the codec refuses is answered with its status and {@code Connection: close}, nothing after it is
 * answered, and other clients do not notice. A handler's failure is only that request's problem.
 */
@Timeout(60)
class BadRequestTest {
    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    /** Malformed request bytes and the status each must get, under every model. */
    static List<Arguments> malformed() {
        List<Object[]> cases = List.of(
                new Object[]{"garbage request line", "NONSENSE\r\n\r\n", 400},
                new Object[]{"bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400},
                new Object[]{"bare LF to a route", "GET /n/lf HTTP/1.1\nHost: x\n\n", 400},
                new Object[]{"missing Host", "GET / HTTP/1.1\r\n\r\n", 400},
                new Object[]{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
                new Object[]{"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
                new Object[]{"obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400},
                new Object[]{"obs-fold to a route", "GET /n/fold HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400},
                // The smuggling cases, both to no route and to one that reads the body.
                new Object[]{"CL and TE", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
                new Object[]{"CL and TE to /echo", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
                new Object[]{"two Content-Lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                        + "Content-Length: 2\r\n\r\nab", 400},
                new Object[]{"two Content-Lengths to /echo", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                        + "Content-Length: 2\r\n\r\nab", 400},
                new Object[]{"bad chunk size to a GET route", "POST /n/1 HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
                new Object[]{"bad chunk size to /echo", "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
                new Object[]{"unknown transfer coding", "POST / HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501},
                new Object[]{"unknown transfer coding to /echo", "POST /echo HTTP/1.1\r\nHost: a\r\n"
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501},
                new Object[]{"HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
                new Object[]{"unknown expectation", "GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", 417});
        List<Arguments> arguments = new ArrayList<>();
        for (Model model : Models.every()) {
            for (Object[] c : cases) arguments.add(Arguments.of(model, c[0], c[1], c[2]));
        }
        return arguments;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void malformedRequestGetsItsStatusAndTheConnectionCloses(Model model, String what, String bytes, int status)
            throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        // A good request before it is answered; one after it never is.
        client.send(RawClient.get("/n/1") + bytes + RawClient.get("/n/2"));
        RawResponse first = client.read();
        assertThat(first.bodyText()).isEqualTo("n1");
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(refused.header("Content-Type")).startsWith("text/plain");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, with nothing more answered").isTrue();
        if (server instanceof InProcessServer local) assertThat(local.stats().badRequests.sum()).isEqualTo(1);

        // Under process-per-connection another connection is another child JVM, started for it: a second per
        // case for nothing this case could have broken. otherConnectionsDoNotNoticeABadRequest covers it.
        if (model.name().equals("process-per-connection")) return;
        HttpResponse<String> other = server.get(server.httpClient(), "/b/3");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("b3");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void otherConnectionsDoNotNoticeABadRequest(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient other = server.raw();
        assertThat(other.send(RawClient.get("/b/1")).read().bodyText()).isEqualTo("b1");

        RawClient bad = server.raw();
        bad.send("NONSENSE\r\n\r\n");
        assertThat(bad.read().status()).isEqualTo(400);
        assertThat(bad.closedWithin(Duration.ofSeconds(3))).isTrue();

        assertThat(other.send(RawClient.get("/b/2")).read().bodyText()).isEqualTo("b2");
        assertThat(server.raw().send(RawClient.get("/n/3")).read().bodyText()).isEqualTo("n3");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void errorBodyNeverEchoesClientInput(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send("GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).doesNotContain("script");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void handlerThatThrowsGets500AndTheConnectionStaysOpen(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        for (String path : new String[]{"/throw", "/throw-blocking"}) {
            RawResponse failed = client.send(RawClient.get(path)).read();
            assertThat(failed.status()).as(path).isEqualTo(500);
            assertThat(failed.closes()).as(path).isFalse();
            assertThat(failed.bodyText()).as(path).doesNotContain("expected by the test");
            assertThat(client.send(RawClient.get("/n/ok")).read().bodyText()).isEqualTo("nok");
        }
        if (server instanceof InProcessServer local) assertThat(local.stats().handlerErrors.sum()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void httpExceptionGetsItsStatusAndMessage(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient client = server.raw();
        RawResponse teapot = client.send(RawClient.get("/teapot")).read();
        assertThat(teapot.status()).isEqualTo(418);
        assertThat(teapot.bodyText()).contains("no coffee here");
        assertThat(teapot.closes()).isFalse();
        RawResponse conflict = client.send(RawClient.get("/conflict")).read();
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.bodyText()).contains("already exists");
        assertThat(client.send(RawClient.get("/b/ok")).read().bodyText()).isEqualTo("bok");
        if (server instanceof InProcessServer local) assertThat(local.stats().handlerErrors.sum()).isZero();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void unknownPathAndWrongMethodKeepTheConnection(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        RawResponse notFound = client.send(RawClient.get("/nowhere")).read();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.closes()).isFalse();
        RawResponse wrongMethod = client.send("DELETE /n/1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(client.send(RawClient.get("/n/1")).read().bodyText()).isEqualTo("n1");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void clientThatKeepsSendingAfterABadRequestStillReadsTheAnswer(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        // Plenty of bytes after the bad message: the server must not reset before we read its answer.
        client.send("NONSENSE\r\n\r\n" + "x".repeat(200_000));
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
