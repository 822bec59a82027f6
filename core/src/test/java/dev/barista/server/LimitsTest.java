package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpLimits;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each limit over a real socket, with its one answer: 414, 431, 413 (closed), and 503 for one connection too many. */
class LimitsTest {
    private static final HttpLimits SMALL = new HttpLimits(64, 256, 5, 1000, 64);

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model) throws IOException {
        return fx.start(ServerFixture.builder().model(model).limits(SMALL)
                .get("/*", Endpoint.nonBlocking(r -> Response.text("ok")))
                .post("/echo", Endpoint.nonBlocking(r -> Response.text("got " + r.body().length()))));
    }

    private static void assertRefused(RawClient client, int status) throws IOException {
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void requestLineAtTheLimitPassesAndBeyondItGets414(Model model) throws Exception {
        start(model);
        String prefix = "GET /";
        String suffix = " HTTP/1.1";
        String fits = prefix + "a".repeat(64 - prefix.length() - suffix.length()) + suffix;
        assertThat(fits).hasSize(64);
        RawClient ok = fx.raw();
        assertThat(ok.send(fits + "\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);

        RawClient tooLong = fx.raw();
        tooLong.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRefused(tooLong, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void requestLineThatNeverEndsGets414WithoutWaitingForItsEnd(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("GET /" + "a".repeat(500));
        assertRefused(client, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void headerSectionTooLargeGets431(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(300) + "\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void tooManyHeaderFieldsGets431(Model model) throws Exception {
        start(model);
        RawClient ok = fx.raw();
        assertThat(ok.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n").read().status())
                .isEqualTo(200);
        RawClient client = fx.raw();
        client.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void bodyTooLargeGets413(Model model) throws Exception {
        start(model);
        RawClient ok = fx.raw();
        ok.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "b".repeat(1000));
        assertThat(ok.read().bodyText()).isEqualTo("got 1000");

        RawClient declared = fx.raw();
        declared.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n" + "b".repeat(1001));
        assertRefused(declared, 413);

        RawClient chunked = fx.raw();
        chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1f4\r\n" + "c".repeat(500) + "\r\n" + "1f5\r\n" + "c".repeat(501) + "\r\n0\r\n\r\n");
        assertRefused(chunked, 413);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void connectionBeyondMaxConnectionsGets503AndASlotFreesUp(Model model) throws Exception {
        Server server = fx.start(ServerFixture.builder().model(model).maxConnections(5).workers(8, 8)
                .get("/", Endpoint.nonBlocking(r -> Response.text("ok"))));
        List<RawClient> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawClient client = fx.raw();
            // A full exchange proves the server holds this connection before the next one comes.
            assertThat(client.send(RawClient.get("/")).read().status()).isEqualTo(200);
            open.add(client);
        }
        RawClient sixth = fx.raw();
        RawResponse refused = sixth.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(sixth.closedWithin(Duration.ofSeconds(3))).isTrue();
        assertThat(server.stats().refusedConnections.sum()).isEqualTo(1);

        // The five are unaffected.
        for (RawClient client : open) assertThat(client.send(RawClient.get("/")).read().status()).isEqualTo(200);

        open.getFirst().close();
        Await.until("the server to notice the closed connection", () -> server.stats().openConnections.get() < 5);
        RawClient next = fx.raw();
        assertThat(next.send(RawClient.get("/")).read().status()).isEqualTo(200);
    }
}
