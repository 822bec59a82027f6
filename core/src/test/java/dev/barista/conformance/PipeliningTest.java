package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests, written in one go, are answered in request order whatever order their handlers finish
 * in, however many the server lets progress at once ({@code maxPipelined}: beyond it a connection pauses and
 * resumes parsing), and when request heads straddle writes.
 */
@Timeout(60)
class PipeliningTest {
    /** Enough threads for blocking handlers to finish out of order. */
    private static final String WORKERS = "workers=8,256";

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    /** Every third request non-blocking, the rest blocking with a random sleep: they finish out of order. */
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
        // The connection is still good for more.
        assertThat(client.send(RawClient.get("/n/x")).read().bodyText()).isEqualTo("nx");
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void hundredPipelinedRequestsAreAnsweredInRequestOrder(Model model) throws Exception {
        ConformanceServer server = servers.server(model, WORKERS);
        sendAllThenReadInOrder(server.raw(), 100);
        if (server instanceof InProcessServer local) assertThat(local.stats().requests.sum()).isEqualTo(101);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void requestsBeyondMaxPipelinedWaitTheirTurn(Model model) throws Exception {
        sendAllThenReadInOrder(servers.server(model, WORKERS, "maxPipelined=4").raw(), 50);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pipelinedStreamedResponsesBeyondMaxPipelinedAllArrive(Model model) throws Exception {
        // Each streamed response holds back the ones behind it; once it ends, the requests still waiting
        // unparsed in the connection's buffer must be picked up without any new bytes from the client.
        RawClient client = servers.server(model, "maxPipelined=2").raw();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20; i++) all.append(RawClient.get((i % 2 == 0 ? "/s/" : "/n/") + i));
        client.send(all.toString());
        for (int i = 0; i < 20; i++) {
            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(200);
            if (i % 2 == 0) {
                assertThat(response.chunked()).isTrue();
                assertThat(response.body()).as("response %d", i).isEqualTo(ConformanceRoutes.streamed(String.valueOf(i)));
            } else {
                assertThat(response.bodyText()).as("response %d", i).isEqualTo("n" + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pipelinedRequestsSplitAcrossWritesAreAnsweredInOrder(Model model) throws Exception {
        RawClient client = servers.server(model, WORKERS, "maxPipelined=4").raw();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 30; i++) all.append(RawClient.get(path(i)));
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        // Cut in odd places, so that request heads straddle writes.
        for (int from = 0; from < bytes.length; from += 37) {
            client.send(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + 37)));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(client.read().bodyText()).as("response %d", i).isEqualTo(expectedBody(i));
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).as("no extra responses").isTrue();
    }
}
