package dev.barista;

import dev.barista.handler.Filter;
import dev.barista.http.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.barista.handler.Endpoint.async;
import static dev.barista.handler.Endpoint.nonBlocking;
import static org.assertj.core.api.Assertions.assertThat;

/*
 * The embedding example. README.md ("## Embedding") must show exactly this code; the method
 * embeddingExample() below is the same code, compiled and run by this test, and
 * exampleIsTheSameInThisCommentTheMethodAndTheReadme() checks that the three agree.
 *
 * README:
Server server = Server.builder()
        .port(0)                                                                        // any free port
        .filter(Filter.after((request, response) -> response.withHeader("X-Served-By", "barista")))
        .exception(NoSuchUser.class, (e, request) -> Response.error(404, "No user " + e.id()))
        .get("/hello", nonBlocking(request -> Response.text("Hello, " + request.queryParam("name"))))
        .get("/users/{id}", request -> Response.json(loadUser(request.pathParam("id")))) // may block: a worker runs it
        .get("/quote", async(request -> quoteService.fetch()))                          // CompletionStage<Response>
        .start();

try (HttpClient client = HttpClient.newHttpClient()) {
    for (String path : new String[]{"/hello?name=Ada", "/users/42", "/users/7", "/quote"}) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body().strip() + " ("
                + response.headers().firstValue("X-Served-By").orElse("?") + ")");  // 200 Hello, Ada (barista) ...
    }
}

server.stop();   // graceful: stop accepting, finish in-flight requests, close
 * :README
 */
class EmbeddingExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/barista/EmbeddingExampleTest.java");
    private static final Path README = Path.of("../README.md");

    /** Stands in for the application's own code: a blocking lookup that may find nobody. */
    private static String loadUser(String id) {
        if (id.equals("7")) throw new NoSuchUser(id);
        return "{\"id\":" + id + ",\"name\":\"Ada\"}";
    }

    /** The application's own exception, which the example maps to a 404. */
    private static final class NoSuchUser extends RuntimeException {
        private final String id;

        NoSuchUser(String id) {
            super("no user " + id);
            this.id = id;
        }

        String id() {
            return id;
        }
    }

    /** Stands in for the application's own code: a non-blocking client that answers later. */
    private static final class QuoteService {
        CompletionStage<Response> fetch() {
            return CompletableFuture.supplyAsync(() -> Response.text("Simplicity is prerequisite for reliability."));
        }
    }

    private final QuoteService quoteService = new QuoteService();

    private void embeddingExample() throws Exception {
        Server server = Server.builder()
                .port(0)                                                                        // any free port
                .filter(Filter.after((request, response) -> response.withHeader("X-Served-By", "barista")))
                .exception(NoSuchUser.class, (e, request) -> Response.error(404, "No user " + e.id()))
                .get("/hello", nonBlocking(request -> Response.text("Hello, " + request.queryParam("name"))))
                .get("/users/{id}", request -> Response.json(loadUser(request.pathParam("id")))) // may block: a worker runs it
                .get("/quote", async(request -> quoteService.fetch()))                          // CompletionStage<Response>
                .start();

        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String path : new String[]{"/hello?name=Ada", "/users/42", "/users/7", "/quote"}) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                System.out.println(response.statusCode() + " " + response.body().strip() + " ("
                        + response.headers().firstValue("X-Served-By").orElse("?") + ")");  // 200 Hello, Ada (barista) ...
            }
        }

        server.stop();   // graceful: stop accepting, finish in-flight requests, close
    }

    @Test
    void exampleRunsAndAnswersEveryRoute() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            embeddingExample();
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "200 Hello, Ada (barista)",
                "200 {\"id\":42,\"name\":\"Ada\"} (barista)",
                "404 No user 7 (barista)",
                "200 Simplicity is prerequisite for reliability. (barista)");
    }

    @Test
    void exampleIsTheSameInThisCommentTheMethodAndTheReadme() throws IOException {
        String source = Files.readString(SOURCE);
        String inComment = between(source, " * README:\n", " * :README\n");
        String methodStart = "    private void embeddingExample() throws Exception {\n";
        String inMethod = between(source, methodStart, "\n    }\n").stripIndent();
        assertThat(inMethod.strip()).isEqualTo(inComment.strip());

        String readme = Files.readString(README);
        String embedding = readme.substring(readme.indexOf("## Embedding"));
        String inReadme = between(embedding, "```java\n", "```\n");
        assertThat(inReadme.strip()).as("README.md's embedding example").isEqualTo(inComment.strip());
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("marker %s", start.strip()).isNotNegative();
        from += start.length();
        int to = text.indexOf(end, from);
        assertThat(to).as("marker %s", end.strip()).isNotNegative();
        return text.substring(from, to);
    }
}
