package dev.barista.cli;

import dev.barista.Server;
import dev.barista.observe.Observability;
import dev.barista.model.ReactorModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code barista shop ...} and the shop inside {@code barista serve}. */
class ShopCommandTest {

    private static String help(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void helpListsTheServicesAndTheirOptions() {
        assertThat(help("shop", "--help")).contains("user", "product", "inventory", "gateway");
        assertThat(help("shop", "user", "--help")).contains("--port", "--latency", "--error-rate", "--timeout-rate", "--hang");
        assertThat(help("shop", "gateway", "--help")).contains("--user-url", "--style", "--plan", "--deadline");
        // the contract other tools rely on: serve takes --shop-latency
        assertThat(help("serve", "--help")).contains("--shop-latency", "--shop-ports", "--shop-user-url");
    }

    @Test
    void serveAnswersSearchWithTheBackendsItStartedAndIsReadyWhileTheyAre(@TempDir Path data) throws Exception {
        ServeShop shop = CommandLine.populateCommand(new ServeShop(), "--shop-latency", "5ms",
                "--data-dir", data.toString());
        Observability observability = Observability.create();
        Server.Builder builder = observability.addTo(Server.builder().host("127.0.0.1").port(0)
                .model(new ReactorModel()).shutdownGrace(Duration.ofMillis(200)));
        shop.addTo(builder, new ReactorModel(), observability);
        Server server = builder.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/search?q=coffee&user=7")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"query\":\"coffee\"", "\"degraded\":[]", "\"stock\":");

            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.port() + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).startsWith("{\"status\":\"UP\"").contains(
                    "{\"name\":\"shop-user\",\"status\":\"UP\"}", "{\"name\":\"shop-product\",\"status\":\"UP\"}",
                    "{\"name\":\"shop-inventory\",\"status\":\"UP\"}");
        } finally {
            server.stop(Duration.ofMillis(200));
            shop.close();
        }
    }
}
