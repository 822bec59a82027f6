package dev.barista.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** /stats is JSON with the snapshot's fields (/metrics, the same in the Prometheus format, is barista-observe's). */
class StatsRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Server server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private void start(String model) throws Exception {
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(model).loops(1).workers(4, 8);
        DemoRoutes.addTo(builder);
        StatsRoutes.addTo(builder);
        server = builder.start();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statsIsTheReactorsSnapshotAsJson() throws Exception {
        start("reactor");
        get("/plaintext");
        HttpResponse<String> r = get("/stats");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");

        JsonNode stats = JSON.readTree(r.body());
        assertThat(stats.get("model").asText()).isEqualTo("reactor");
        assertThat(stats.get("partial").asBoolean()).isFalse();
        assertThat(stats.get("processes").asInt()).isEqualTo(1);
        assertThat(stats.get("counters").get("requests").asLong()).isEqualTo(2);
        assertThat(stats.get("counters").get("open_connections").asLong()).isPositive();
        assertThat(stats.get("counters").fieldNames()).toIterable().contains("accepted_connections",
                "refused_connections", "bad_requests", "handler_errors", "rejected_work", "timeouts");
        assertThat(stats.get("threads").get("platform").asInt()).isPositive();
        assertThat(stats.get("threads").fieldNames()).toIterable().contains("platform_peak", "platform_daemon",
                "virtual_live", "virtual_started", "carriers");
        assertThat(stats.get("threads").get("carriers").fieldNames()).toIterable()
                .contains("parallelism", "pool_size", "mounted", "queued");
        assertThat(stats.get("event_loops").get("count").asInt()).isEqualTo(1);
        assertThat(stats.get("event_loops").fieldNames()).toIterable().contains("blocked_turns", "tasks_run");
        assertThat(stats.get("worker_pool").get("threads").asInt()).isEqualTo(4);
        assertThat(stats.get("worker_pool").fieldNames()).toIterable().contains("active", "queued", "rejected",
                "completed");
        assertThat(stats.has("prefork")).as("no section for what the model does not have").isFalse();
        assertThat(stats.has("children")).isFalse();
    }

    @Test
    void statsUnderVirtualThreadsHasNoLoopsAndNoPool() throws Exception {
        start("virtual-threads");
        JsonNode stats = JSON.readTree(get("/stats").body());
        assertThat(stats.get("model").asText()).isEqualTo("virtual-threads");
        assertThat(stats.get("threads").get("virtual_live").asInt()).as("this connection's thread").isPositive();
        assertThat(stats.has("event_loops")).isFalse();
        assertThat(stats.has("worker_pool")).isFalse();
    }

    @Test
    void theIndexPageListsTheStatsRoutes() throws Exception {
        start("reactor");
        assertThat(get("/").body()).contains("/stats", "/metrics", "/health/ready", "/health/live");
    }
}
