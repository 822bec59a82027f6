package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests, written in one go, are answered in request order whatever order their handlers finish
 * in, and however many the server lets progress at once.
 */
class PipeliningTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static Server.Builder routes(Model model) {
        return ServerFixture.builder().model(model)
                .get("/n/{i}", Endpoint.nonBlocking(r -> Response.text("n" + r.pathParam("i"))))
                .get("/b/{i}", r -> {
                    // Blocking handlers finish in a random order: later requests often finish first.
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 8));
                    return Response.text("b" + r.pathParam("i"));
                })
                .get("/s/{i}", Endpoint.nonBlocking(r -> Response.status(200).body(ResponseBody.stream(
                        new ByteArrayInputStream(("s" + r.pathParam("i")).repeat(5000)
                                .getBytes(StandardCharsets.US_ASCII)), -1))));
    }

    /** Every third request blocking, the rest non-blocking: completion order differs from request order. */
    private static String path(int i) {
        return (i % 3 == 0 ? "/n/" : "/b/") + i;
    }

    private static String expectedBody(int i) {
        return (i % 3 == 0 ? "n" : "b") + i;
    }

    private static void sendAllThenReadInOrder(RawClient client, int count) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < count; i++) all.append(RawClient.get(path(i)));
        client.send(all.toString());
        for (int i = 0; i < count; i++) {
            RawResponse response = client.read();
            assertThat(response.status()).as("response %d", i).isEqualTo(200);
            assertThat(response.bodyText()).as("response %d", i).isEqualTo(expectedBody(i));
            assertThat(response.closes()).isFalse();
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).as("no extra responses").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void hundredPipelinedRequestsAreAnsweredInRequestOrder(Model model) throws Exception {
        Server server = fx.start(routes(model).workers(8, 256));
        RawClient client = fx.raw();
        sendAllThenReadInOrder(client, 100);
        // The connection is still good for more.
        assertThat(client.send(RawClient.get("/n/x")).read().bodyText()).isEqualTo("nx");
        assertThat(server.stats().requests.sum()).isEqualTo(101);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void requestsBeyondMaxPipelinedWaitTheirTurn(Model model) throws Exception {
        fx.start(routes(model).workers(8, 256).maxPipelined(4));
        RawClient client = fx.raw();
        sendAllThenReadInOrder(client, 50);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void pipelinedStreamedResponsesBeyondMaxPipelinedAllArrive(Model model) throws Exception {
        // Each streamed response holds back the ones behind it; once it ends, the requests still waiting
        // unparsed in the connection's buffer must be picked up without any new bytes from the client.
        fx.start(routes(model).maxPipelined(2));
        RawClient client = fx.raw();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20; i++) all.append(RawClient.get((i % 2 == 0 ? "/s/" : "/n/") + i));
        client.send(all.toString());
        for (int i = 0; i < 20; i++) {
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(200);
            if (i % 2 == 0) {
                assertThat(response.chunked()).isTrue();
                assertThat(response.bodyText()).as("response %d", i).isEqualTo(("s" + i).repeat(5000));
            } else {
                assertThat(response.bodyText()).as("response %d", i).isEqualTo("n" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void pipelinedRequestsSplitAcrossWritesAreAnsweredInOrder(Model model) throws Exception {
        fx.start(routes(model).workers(8, 256).maxPipelined(4));
        RawClient client = fx.raw();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 30; i++) all.append(RawClient.get(path(i)));
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        // Cut in odd places, so that request heads straddle writes.
        for (int from = 0; from < bytes.length; from += 37) {
            client.send(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 37)));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(client.read().bodyText()).as("response %d", i).isEqualTo(expectedBody(i));
        }
    }
}
