package dev.barista.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code barista load} with the lab's two other shapes of load: a fast/slow mix, and a connection per request. */
class LoadModesTest {
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = Server.builder().host("127.0.0.1").port(0)
                .get("/fast", Endpoint.nonBlocking(request -> Response.text("fast")))
                .get("/slow", request -> {
                    Thread.sleep(20);
                    return Response.text("slow");
                })
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aMixReportsFastAndSlowRequestsApart() throws Exception {
        CliRun run = CliRun.of("load", url("/fast"), "-c", "4", "-d", "1s", "--warmup", "0", "--slow", "/slow",
                "--slow-share", "0.5", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode classes = new ObjectMapper().readTree(run.out()).get("classes");
        JsonNode fast = classes.get("fast");
        JsonNode slow = classes.get("slow");
        assertThat(fast.get("ok_requests").asLong()).isPositive();
        assertThat(slow.get("ok_requests").asLong()).isPositive();
        // Each slow answer waits 20 ms on the server: the slow class's median cannot be below that.
        assertThat(slow.get("latency").get("p50").asDouble()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aConnectionPerRequestOpensOneForEveryAnswer() throws Exception {
        long accepted = server.stats().acceptedConnections.sum();
        CliRun run = CliRun.of("load", url("/fast"), "-c", "2", "-d", "1s", "--warmup", "0",
                "--connection-per-request", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        long answered = new ObjectMapper().readTree(run.out()).get("requests").asLong();
        assertThat(answered).isPositive();
        assertThat(server.stats().acceptedConnections.sum() - accepted).isGreaterThanOrEqualTo(answered);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }
}
