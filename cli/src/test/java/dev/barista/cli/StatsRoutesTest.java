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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** /stats is JSON with the snapshot's fields; /metrics is well-formed Prometheus text with barista_* names. */
class StatsRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    // The text format 0.0.4, one line at a time: comments, and samples "name{labels} value [timestamp]".
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{((?:" + LABEL + ",?)*)})?"
            + " ([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?");

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
    void metricsIsPrometheusTextWithTheBaristaNames() throws Exception {
        start("reactor");
        get("/plaintext");
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");

        Map<String, Double> samples = parse(r.body());
        assertThat(samples).containsKeys("barista_connections_open", "barista_connections_accepted_total",
                "barista_connections_refused_total", "barista_requests_total", "barista_bad_requests_total",
                "barista_handler_errors_total", "barista_rejected_work_total", "barista_timeouts_total",
                "barista_processes", "barista_threads{kind=\"platform\"}", "barista_threads{kind=\"virtual\"}",
                "barista_threads{kind=\"carrier\"}", "barista_platform_threads_peak", "barista_event_loops",
                "barista_event_loop_blocked_turns_total", "barista_event_loop_tasks_total",
                "barista_worker_pool_threads", "barista_worker_queue_depth", "barista_worker_pool_rejected_total",
                "barista_info{model=\"reactor\"}", "barista_stats_partial");
        assertThat(samples.get("barista_requests_total")).isEqualTo(2.0);
        assertThat(samples.get("barista_processes")).isEqualTo(1.0);
        assertThat(samples.get("barista_event_loops")).isEqualTo(1.0);
        assertThat(samples.get("barista_worker_pool_threads")).isEqualTo(4.0);
        assertThat(samples.get("barista_threads{kind=\"platform\"}")).isPositive();
        assertThat(samples.get("barista_http_requests_total{method=\"GET\",route=\"/plaintext\",status=\"2xx\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("barista_http_request_duration_seconds_count{method=\"GET\",route=\"/plaintext\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("barista_http_request_duration_seconds_bucket{method=\"GET\",route=\"/plaintext\","
                + "le=\"+Inf\"}")).isEqualTo(1.0);
        assertThat(samples).containsKeys("barista_connections_closed_total{reason=\"client_closed\"}",
                "barista_connections_closed_total{reason=\"idle_timeout\"}", "barista_event_loop_busy_seconds_total",
                "barista_event_loop_utilization", "barista_event_loop_lag_seconds_count",
                "barista_access_log_dropped_total");
        assertThat(samples.keySet()).noneMatch(name -> name.startsWith("barista_prefork")
                || name.startsWith("barista_children"));
    }

    @Test
    void theIndexPageListsTheStatsRoutes() throws Exception {
        start("reactor");
        assertThat(get("/").body()).contains("/stats", "/metrics");
    }

    /**
     * Checks every line against the text format's grammar, and that each sample's family was announced by a
     * TYPE line before it; returns the samples by name and labels.
     */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : List.of(text.split("\n"))) {
            if (line.isEmpty()) continue;
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                typed.add(type.group(1));
                continue;
            }
            if (HELP.matcher(line).matches()) continue;
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a well-formed line: %s", line).isTrue();
            String name = sample.group(1);
            assertThat(typed).as("a TYPE line before %s", name)
                    .anyMatch(family -> name.equals(family) || name.equals(family + "_total")
                            || name.equals(family + "_count") || name.equals(family + "_sum")
                            || name.equals(family + "_bucket"));
            String labels = sample.group(3) == null || sample.group(3).isEmpty() ? "" : "{" + sample.group(3) + "}";
            samples.put(name + labels, Double.parseDouble(sample.group(4).replace("Inf", "Infinity")));
        }
        return samples;
    }
}
