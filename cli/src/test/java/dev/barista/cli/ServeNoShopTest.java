package dev.barista.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve --no-shop}, chosen here through {@code BARISTA_NO_SHOP} as an operator's environment would:
 * the demo routes answer, {@code /search} does not exist, and no backend is started. The real program, in a
 * JVM of its own, since {@code serve} runs until it is signalled.
 */
class ServeNoShopTest {
    private static final Pattern LISTENING = Pattern.compile("Barista listening on (http://\\S+) ");

    @Test
    void servesTheDemoRoutesWithoutTheShop() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BaristaCommand.class.getName(),
                "serve", "--port", "0", "--readiness-delay", "0", "--shutdown-grace", "1s")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("BARISTA_NO_SHOP", "true");
        Process serve = builder.start();
        try (var out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
             HttpClient http = HttpClient.newHttpClient()) {
            List<String> printed = new ArrayList<>();
            String base = null;
            for (String line; base == null && (line = out.readLine()) != null; ) {
                printed.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) base = m.group(1);
            }
            assertThat(base).as("the listening line in %s", printed).isNotNull();
            for (String line; (line = out.readLine()) != null && !line.startsWith("Try: curl"); ) printed.add(line);

            assertThat(status(http, base + "/plaintext")).isEqualTo(200);
            assertThat(status(http, base + "/search?q=coffee&user=7")).isEqualTo(404);
            assertThat(printed).noneMatch(line -> line.startsWith("Shop:"));
        } finally {
            serve.destroy(); // SIGTERM: a graceful stop
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int status(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
