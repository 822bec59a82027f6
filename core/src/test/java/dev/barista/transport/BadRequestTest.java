package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
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
class BadRequestTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model) throws Exception {
        return fx.start(ServerFixture.builder().model(model)
                .get("/n/{i}", Endpoint.nonBlocking(r -> Response.text("n" + r.pathParam("i"))))
                .get("/b/{i}", r -> Response.text("b" + r.pathParam("i")))
                .get("/throw", Endpoint.nonBlocking(r -> {
                    throw new IllegalStateException("handler bug (expected by the test)");
                }))
                .get("/throw-blocking", r -> {
                    throw new java.io.IOException("database down (expected by the test)");
                })
                .get("/teapot", Endpoint.nonBlocking(r -> {
                    throw new HttpException(418, "no coffee here");
                }))
                .get("/conflict", r -> {
                    throw new HttpException(409, "already exists");
                }));
    }

    /** Malformed request bytes and the status each must get. */
    static List<Arguments> malformed() {
        List<Object[]> cases = List.of(
                new Object[]{"garbage request line", "NONSENSE\r\n\r\n", 400},
                new Object[]{"bare LF", "GET / HTTP/1.1\nHost: x\n\n", 400},
                new Object[]{"missing Host", "GET / HTTP/1.1\r\n\r\n", 400},
                new Object[]{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
                new Object[]{"space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400},
                new Object[]{"obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n", 400},
                new Object[]{"CL and TE (smuggling)", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400},
                new Object[]{"two Content-Lengths", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                        + "Content-Length: 2\r\n\r\nab", 400},
                new Object[]{"bad chunk size", "POST /n/1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n", 400},
                new Object[]{"unknown transfer coding", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked"
                        + "\r\n\r\n", 501},
                new Object[]{"HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505},
                new Object[]{"unknown expectation", "GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", 417});
        List<Arguments> arguments = new ArrayList<>();
        for (Model model : Models.all()) {
            for (Object[] c : cases) arguments.add(Arguments.of(model, c[0], c[1], c[2]));
        }
        return arguments;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformed")
    void malformedRequestGetsItsStatusAndTheConnectionCloses(Model model, String what, String bytes, int status)
            throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        // A good request before it is answered; one after it never is.
        client.send(RawClient.get("/n/1") + bytes + RawClient.get("/n/2"));
        RawResponse first = client.read();
        assertThat(first.bodyText()).isEqualTo("n1");
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(refused.header("Content-Type")).startsWith("text/plain");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).as("closed, with nothing more answered").isTrue();
        assertThat(server.stats().badRequests.sum()).isEqualTo(1);

        HttpResponse<String> other = fx.get(fx.httpClient(), "/b/3");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("b3");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void errorBodyNeverEchoesClientInput(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).doesNotContain("script");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void handlerThatThrowsGets500AndTheConnectionStaysOpen(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        for (String path : new String[]{"/throw", "/throw-blocking"}) {
            RawResponse failed = client.send(RawClient.get(path)).read();
            assertThat(failed.status()).as(path).isEqualTo(500);
            assertThat(failed.closes()).as(path).isFalse();
            assertThat(failed.bodyText()).as(path).doesNotContain("expected by the test");
            assertThat(client.send(RawClient.get("/n/ok")).read().bodyText()).isEqualTo("nok");
        }
        assertThat(server.stats().handlerErrors.sum()).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void httpExceptionGetsItsStatusAndMessage(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        RawResponse teapot = client.send(RawClient.get("/teapot")).read();
        assertThat(teapot.status()).isEqualTo(418);
        assertThat(teapot.bodyText()).contains("no coffee here");
        assertThat(teapot.closes()).isFalse();
        RawResponse conflict = client.send(RawClient.get("/conflict")).read();
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.bodyText()).contains("already exists");
        assertThat(client.send(RawClient.get("/b/ok")).read().bodyText()).isEqualTo("bok");
        assertThat(server.stats().handlerErrors.sum()).isZero();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void unknownPathAndWrongMethodKeepTheConnection(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse notFound = client.send(RawClient.get("/nowhere")).read();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.closes()).isFalse();
        RawResponse wrongMethod = client.send("DELETE /n/1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(client.send(RawClient.get("/n/1")).read().bodyText()).isEqualTo("n1");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void clientThatKeepsSendingAfterABadRequestStillReadsTheAnswer(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        // Plenty of bytes after the bad message: the server must not reset before we read its answer.
        client.send("NONSENSE\r\n\r\n" + "x".repeat(200_000));
        RawResponse refused = client.read();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
}
