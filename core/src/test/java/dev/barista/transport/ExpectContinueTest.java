package dev.barista.transport;

import dev.barista.handler.Endpoint;
import dev.barista.http.HttpLimits;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Expect: 100-continue}: the interim response comes before the body is sent, unless the body is refused. */
class ExpectContinueTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private void start(Model model) throws IOException {
        fx.start(ServerFixture.builder().model(model).limits(HttpLimits.DEFAULTS.withMaxBodySize(1000))
                .post("/echo", r -> Response.text("got " + r.body().asString()))
                .get("/n", Endpoint.nonBlocking(r -> Response.text("next"))));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void continueComesBeforeTheBodyThenTheFinalResponse(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        RawResponse interim = client.read();
        assertThat(interim.status()).isEqualTo(100);
        assertThat(interim.version()).isEqualTo("HTTP/1.1");
        // Nothing else until the body is sent.
        assertThat(client.quietFor(Duration.ofMillis(100))).isTrue();
        RawResponse response = client.send("hello").read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("got hello");
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("next");
    }

    /** An expect-100 request pipelined behind an answered one is still invited, after that answer and not before. */
    @ParameterizedTest
    @MethodSource(Models.ALL)
    void continueFollowsAnAnswerPipelinedBeforeIt(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/n")
                + "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        assertThat(client.read().bodyText()).isEqualTo("next");
        assertThat(client.read().status()).isEqualTo(100);
        assertThat(client.send("hello").read().bodyText()).isEqualTo("got hello");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void chunkedBodyWithExpectGetsContinueToo(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Expect: 100-continue\r\n\r\n");
        assertThat(client.read().status()).isEqualTo(100);
        RawResponse response = client.send("3\r\nabc\r\n0\r\n\r\n").read();
        assertThat(response.bodyText()).isEqualTo("got abc");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void tooLargeContentLengthWithExpectGets413WithoutContinue(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1001\r\nExpect: 100-continue\r\n\r\n");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void http10ExpectIsIgnored(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        // RFC 9110 10.1.1: an HTTP/1.0 client never waits for 100, so none is sent.
        client.send("POST /echo HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi");
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("got hi");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void httpClientWithExpectContinueGetsItsAnswer(Model model) throws Exception {
        start(model);
        HttpClient client = fx.httpClient();
        HttpResponse<String> ok = client.send(fx.request("/echo").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("got payload");
        HttpResponse<String> refused = client.send(fx.request("/echo").expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
    }
}
