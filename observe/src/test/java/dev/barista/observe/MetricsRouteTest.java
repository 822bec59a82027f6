package dev.barista.observe;

import dev.barista.Server;
import dev.barista.http.Response;
import io.prometheus.metrics.core.metrics.Counter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.barista.handler.Endpoint.nonBlocking;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics}: Barista's series for the whole server beside the JVM's, the process's, the build info and
 * the embedder's own, in well-formed Prometheus text, with names that follow the conventions.
 */
class MetricsRouteTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Server server;

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    private Observability start(String model) throws Exception {
        Observability observability = Observability.create();
        server = observability.addTo(Server.builder().host("127.0.0.1").port(0).model(model).loops(1).workers(4, 8))
                .get("/plaintext", nonBlocking(request -> Response.text("Hello, World!")))
                .start();
        return observability;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void baristaJvmProcessAndBuildInfoSeriesInTheTextFormat() throws Exception {
        start("reactor");
        get("/plaintext");
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");

        Map<String, Double> samples = PrometheusText.samples(r.body());
        assertThat(samples.keySet()).anyMatch(name -> name.startsWith("jvm_memory_used_bytes{"))
                .anyMatch(name -> name.startsWith("jvm_threads_"))
                .anyMatch(name -> name.startsWith("process_cpu_seconds_total"))
                .anyMatch(name -> name.startsWith("process_start_time_seconds"));
        assertThat(Observability.version()).as("filled in by the build").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(samples).containsEntry("barista_build_info{version=\"" + Observability.version() + "\"}", 1.0);
    }

    @Test
    void everyBaristaSeriesOfTheReactor() throws Exception {
        start("reactor");
        get("/plaintext");
        Map<String, Double> samples = PrometheusText.samples(get("/metrics").body());
        assertThat(samples).containsKeys("barista_connections_open", "barista_connections_accepted_total",
                "barista_connections_refused_total", "barista_requests_total", "barista_bad_requests_total",
                "barista_handler_errors_total", "barista_rejected_work_total", "barista_timeouts_total",
                "barista_processes", "barista_threads{kind=\"platform\"}", "barista_threads{kind=\"virtual\"}",
                "barista_threads{kind=\"carrier\"}", "barista_platform_threads_peak",
                "barista_platform_threads_daemon", "barista_virtual_threads_started_total",
                "barista_carrier_parallelism", "barista_carrier_mounted_virtual_threads",
                "barista_carrier_queued_virtual_threads", "barista_event_loops",
                "barista_event_loop_blocked_turns_total", "barista_event_loop_tasks_total",
                "barista_event_loop_busy_seconds_total", "barista_event_loop_utilization_ratio",
                "barista_event_loop_lag_seconds_count", "barista_worker_pool_threads",
                "barista_worker_pool_active_threads", "barista_worker_queue_depth",
                "barista_worker_pool_rejected_total", "barista_worker_pool_completed_total",
                "barista_memory_budget_bytes", "barista_memory_used_bytes", "barista_memory_refusals_total",
                "barista_connections_closed_total{reason=\"client_closed\"}",
                "barista_access_log_lines_total", "barista_access_log_dropped_total",
                "barista_info{model=\"reactor\"}", "barista_stats_partial");
        assertThat(samples.get("barista_requests_total")).as("/plaintext and this scrape").isEqualTo(2.0);
        assertThat(samples.get("barista_processes")).isEqualTo(1.0);
        assertThat(samples.get("barista_event_loops")).isEqualTo(1.0);
        assertThat(samples.get("barista_worker_pool_threads")).isEqualTo(4.0);
        assertThat(samples.get("barista_event_loop_utilization_ratio")).isBetween(0.0, 1.0);
        assertThat(samples.get("barista_http_requests_total{method=\"GET\",route=\"/plaintext\",status=\"2xx\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("barista_http_request_duration_seconds_count{method=\"GET\",route=\"/plaintext\"}"))
                .isEqualTo(1.0);
        assertThat(samples.get("barista_http_request_duration_seconds_bucket{method=\"GET\",route=\"/plaintext\","
                + "le=\"+Inf\"}")).isEqualTo(1.0);
        assertThat(samples.keySet()).as("the old name, without its unit, is gone")
                .doesNotContain("barista_event_loop_utilization")
                .noneMatch(name -> name.startsWith("barista_prefork") || name.startsWith("barista_children"));
    }

    @Test
    void aModelWithoutLoopsOrPoolHasNoSuchSeries() throws Exception {
        start("virtual-threads");
        Map<String, Double> samples = PrometheusText.samples(get("/metrics").body());
        assertThat(samples).containsKey("barista_info{model=\"virtual-threads\"}");
        assertThat(samples.get("barista_threads{kind=\"virtual\"}")).as("this connection's thread").isPositive();
        assertThat(samples.keySet()).noneMatch(name -> name.startsWith("barista_event_loop")
                || name.startsWith("barista_worker_pool"));
    }

    @Test
    void theEmbeddersOwnMetricsAreExposedToo() throws Exception {
        Observability observability = start("reactor");
        Counter orders = Counter.builder().name("shop_orders_total").help("Orders placed")
                .register(observability.registry());
        orders.inc(3);
        assertThat(PrometheusText.samples(get("/metrics").body())).containsEntry("shop_orders_total", 3.0);
    }

    @Test
    void beforeTheStartTheRouteAnswers503() throws Exception {
        Server.Builder builder = Observability.create().addTo(Server.builder());
        var route = builder.routes().stream().filter(r -> r.pattern().equals("/metrics")).findFirst().orElseThrow();
        assertThat(route.endpoint().mayBlock()).as("never on a worker: it answers when they are all busy").isFalse();
        Response response = route.endpoint().asyncHandler().handle(null).toCompletableFuture().get();
        assertThat(response.status()).isEqualTo(503);
    }
}
