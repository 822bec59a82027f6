package example;

import dev.barista.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the example against the installed Barista artifacts, over real HTTP. */
class TodoApiTest {

    private Server server;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        server = new TodoApi().start(0);
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
    }

    @Test
    void createsReadsAndDeletesATodo() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/todos"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"grind beans\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/todos/1");
        assertThat(created.body()).contains("\"title\":\"grind beans\"").contains("\"done\":false");
        assertThat(created.headers().firstValue("X-Example")).as("the filter ran").hasValue("todo-api");

        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/todos/1")));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(read.body()).isEqualTo("{\"id\":1,\"title\":\"grind beans\",\"done\":false}");

        assertThat(send(HttpRequest.newBuilder(uri("/api/todos"))).body()).startsWith("[{\"id\":1,");
        assertThat(send(HttpRequest.newBuilder(uri("/api/todos/1")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(uri("/api/todos"))).body()).isEqualTo("[]");
    }

    @Test
    void errorsAreAnsweredByTheMapperAndByHttpException() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(uri("/api/todos/42")));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no to-do 42");
        assertThat(missing.headers().firstValue("X-Example")).hasValue("todo-api");

        assertThat(send(HttpRequest.newBuilder(uri("/api/todos/abc"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri("/api/todos"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\" \"}"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri("/api/todos")).PUT(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).as("a known path, another method").isEqualTo(405);
    }

    @Test
    void metricsAndHealthComeFromOneCall() throws Exception {
        send(HttpRequest.newBuilder(uri("/api/todos/7")));
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(uri("/metrics")));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("barista_build_info{").contains("jvm_").contains("process_")
                .contains("barista_requests_total");

        HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("/health/ready")));
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"name\":\"store\"").contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
