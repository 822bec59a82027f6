package dev.barista.observe;

import dev.barista.Server;
import dev.barista.http.Response;
import io.prometheus.metrics.core.metrics.Counter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README.md's "Metrics and health for embedders" example: {@link #example()} is the same code, run here, and
 * {@link #theReadmeShowsThisVeryCode()} fails if the two drift apart.
 */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/barista/observe/ReadmeExampleTest.java");
    private static final Path README = Path.of("../README.md");

    /** Stands in for the application's database (a {@code java.sql.Connection}, say). */
    private static final class Database {
        final AtomicBoolean valid = new AtomicBoolean(true);

        boolean isValid(int timeoutSeconds) {
            return valid.get();
        }
    }

    private final Database database = new Database();

    private Server example() throws Exception {
        Observability observability = Observability.create()
                .readinessCheck("database", () -> database.isValid(1)           // may block: a virtual thread runs it
                        ? HealthCheck.Result.up() : HealthCheck.Result.down("no valid connection"));
        Counter orders = Counter.builder().name("orders_total").help("Orders placed")
                .register(observability.registry());                            // your metrics beside Barista's

        Server server = observability.addTo(Server.builder().port(0))           // the one call
                .post("/orders", request -> {
                    orders.inc();
                    return Response.status(201).body("");
                })
                .start();
        return server;
    }

    @Test
    void theExampleServesMetricsAndHealth() throws Exception {
        Server server = example();
        try (HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(201);
            String metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(PrometheusText.samples(metrics)).containsEntry("orders_total", 1.0)
                    .containsKeys("barista_requests_total", "jvm_threads_current",
                            "barista_build_info{version=\"" + Observability.version() + "\"}");

            HttpRequest ready = HttpRequest.newBuilder(URI.create(base + "/health/ready")).build();
            assertThat(client.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            database.valid.set(false);
            HttpResponse<String> down = client.send(ready, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body())
                    .contains("{\"name\":\"database\",\"status\":\"DOWN\",\"reason\":\"no valid connection\"}");
        } finally {
            server.stop();
        }
    }

    @Test
    void theReadmeShowsThisVeryCode() throws IOException {
        String source = Files.readString(SOURCE);
        String method = between(source, "    private Server example() throws Exception {\n", "        return server;\n")
                .stripTrailing().stripIndent(); // a blank last line would count as the least indented
        String readme = Files.readString(README);
        String section = readme.substring(readme.indexOf("## Metrics and health for embedders"));
        assertThat(between(section, "```java\n", "```\n").strip()).isEqualTo(method.strip());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("'%s' present", start.strip()).isNotNegative();
        from += start.length();
        int to = text.indexOf(end, from);
        assertThat(to).as("'%s' after it", end.strip()).isNotNegative();
        return text.substring(from, to);
    }
}
