package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelined requests under the multi-process models, as {@code dev.barista.transport.PipeliningTest} checks
 * them in-process: answered in request order whatever order their handlers finish in, also beyond {@code
 * maxPipelined} (4 here, so a prefork worker's connection pauses and resumes parsing) and when request heads
 * straddle writes.
 */
@Timeout(60)
class PipeliningTest {
    private static final ServerProcesses servers = new ServerProcesses("maxPipelined=4");

    @AfterEach
    void closeClients() {
        servers.closeClients();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    /** Every third request non-blocking, the rest blocking with a random sleep: they finish out of order. */
    private static String path(int i) {
        return (i % 3 == 0 ? "/n/" : "/b/") + i;
    }

    private static String expectedBody(int i) {
        return (i % 3 == 0 ? "n" : "b") + i;
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void fiftyPipelinedRequestsAreAnsweredInRequestOrder(Model model) throws Exception {
        RawClient client = servers.raw(model);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 50; i++) all.append(RawClient.get(path(i)));
        client.send(all.toString());
        for (int i = 0; i < 50; i++) {
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
    @MethodSource(Models.MULTI_PROCESS)
    void pipelinedRequestsSplitAcrossWritesAreAnsweredInOrder(Model model) throws Exception {
        RawClient client = servers.raw(model);
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
