package dev.barista.jackson;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Handlers read and return objects; the server finds this mapper on the class path by itself. */
class JacksonJsonMapperTest {
    public record Order(String item, int quantity) {
    }

    private Server server;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        client.shutdownNow();
        if (server != null) server.stop(Duration.ofMillis(200));
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void handlerReadsAnObjectAndReturnsOneWithTheMapperFoundByServiceLoader() throws Exception {
        server = Server.builder().host("127.0.0.1").port(0)
                .post("/orders", request -> {
                    Order order = request.bodyAs(Order.class);
                    return Response.status(201).entity(new Order(order.item().toUpperCase(), order.quantity() * 2));
                })
                .start();
        HttpResponse<String> response = post("/orders", "{\"item\":\"espresso\",\"quantity\":2}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"item\":\"ESPRESSO\",\"quantity\":4}");
    }

    @Test
    void genericTypesAndAsyncHandlersToo() throws Exception {
        server = Server.builder().host("127.0.0.1").port(0)
                .post("/sum", Endpoint.async(request -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> numbers = (List<Integer>) request.bodyAs(
                            JacksonJsonMapperTest.class.getDeclaredField("LIST_OF_INTEGERS").getGenericType());
                    return java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> Response.entity(numbers.stream().mapToInt(Integer::intValue).sum()));
                }))
                .start();
        assertThat(post("/sum", "[1,2,3,4]").body()).isEqualTo("10");
    }

    @SuppressWarnings("unused")
    private static final List<Integer> LIST_OF_INTEGERS = List.of();

    @Test
    void malformedJsonIsA400AndDoesNotReachTheHandlerLogic() throws Exception {
        server = Server.builder().host("127.0.0.1").port(0)
                .post("/orders", request -> Response.entity(request.bodyAs(Order.class)))
                .start();
        HttpResponse<String> response = post("/orders", "{\"item\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Malformed JSON body\n");
    }
}
