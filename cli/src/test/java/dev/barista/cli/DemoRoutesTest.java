package dev.barista.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo routes follow TechEmpower's rules: exact bodies, Server, Date, Content-Type, Content-Length. */
class DemoRoutesTest {
    private static Server server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Server.Builder builder = Server.builder().port(0).loops(1);
        DemoRoutes.addTo(builder);
        server = builder.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void plaintext() throws Exception {
        HttpResponse<String> r = get("/plaintext");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("Hello, World!");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain");
        assertThat(r.headers().firstValue("content-length")).hasValue("13");
        assertThat(r.headers().firstValue("server")).hasValue("Barista");
        assertThat(r.headers().firstValue("date")).isPresent();
    }

    @Test
    void whoamiNamesThePeerAndTheClientBehindATrustedProxy() throws Exception {
        Server.Builder builder = Server.builder().port(0).loops(1).trustedProxies("127.0.0.1");
        DemoRoutes.addTo(builder);
        Server behindProxy = builder.start();
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + behindProxy.port() + "/whoami"))
                    .header("X-Forwarded-For", "203.0.113.7").header("X-Forwarded-Proto", "https").build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<?, ?> who = new ObjectMapper().readValue(r.body(), Map.class);
            assertThat(who.get("client")).isEqualTo("203.0.113.7:0");
            assertThat((String) who.get("peer")).startsWith("127.0.0.1:");
            assertThat(who.get("scheme")).isEqualTo("https");
        } finally {
            behindProxy.stop();
        }

        Map<?, ?> direct = new ObjectMapper().readValue(get("/whoami").body(), Map.class);
        assertThat(direct.get("client")).as("no trusted proxies: the peer is the client").isEqualTo(direct.get("peer"));
    }

    @Test
    void json() throws Exception {
        HttpResponse<String> r = get("/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readValue(r.body(), Map.class)).isEqualTo(Map.of("message", "Hello, World!"));
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(r.body().length()));
    }

    @Test
    void echoReturnsTheBodyAndItsType() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("a,b\n1,2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("a,b\n1,2");
        assertThat(r.headers().firstValue("content-type")).hasValue("text/csv");
    }

    @Test
    void sleepRunsOnAWorkerNotALoop() throws Exception {
        HttpResponse<String> r = get("/sleep?ms=5");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"slept_ms\":5").contains("barista-worker");
    }

    @Test
    void sleepRejectsBadInputWithoutEchoingIt() throws Exception {
        HttpResponse<String> r = get("/sleep?ms=%3Cscript%3E");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("script");
    }

    @Test
    void indexListsWhatToTry() throws Exception {
        HttpResponse<String> r = get("/");
        assertThat(r.body()).contains("/plaintext", "/json", "/echo", "/sleep");
    }
}
