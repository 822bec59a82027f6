package dev.barista.observe;

import dev.barista.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} answers OpenMetrics to a scraper that asks for it, and the Prometheus text format otherwise. */
class OpenMetricsNegotiationTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        server = Observability.create().addTo(Server.builder().host("127.0.0.1").port(0).loops(1)).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> scrape(String accept) throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        HttpRequest.Builder request = HttpRequest.newBuilder(metrics);
        if (accept != null) request.header("Accept", accept);
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void openMetricsWhenTheScraperPrefersIt() throws Exception {
        // what Prometheus sends by default
        HttpResponse<String> r = scrape("application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
                + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow())
                .startsWith("application/openmetrics-text; version=1.0.0");
        assertThat(r.body()).endsWith("# EOF\n")
                .contains("# TYPE barista_build info\n", "# TYPE barista info\n",
                        "# TYPE barista_event_loop_utilization_ratio gauge\n",
                        "# UNIT barista_event_loop_utilization_ratio ratio\n",
                        "# UNIT barista_event_loop_busy_seconds seconds\n");
        assertThat(PrometheusText.samples(r.body()))
                .containsEntry("barista_build_info{version=\"" + Observability.version() + "\"}", 1.0)
                .containsKey("barista_requests_total");
    }

    @Test
    void theTextFormatForAnyoneElse() throws Exception {
        for (String accept : new String[]{null, "*/*", "text/plain"}) {
            HttpResponse<String> r = scrape(accept);
            assertThat(r.headers().firstValue("content-type").orElseThrow()).as(accept)
                    .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
            assertThat(r.body()).as(accept).doesNotContain("# EOF").contains("# TYPE barista_build_info gauge\n");
        }
    }
}
