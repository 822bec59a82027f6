package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.ReactorModel;
import dev.barista.model.ThreadPoolModel;
import dev.barista.testing.ServerFixture;
import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Server#eventLoops()}: the loops that run requests, for a client that shares them. */
class ServerEventLoopsTest {
    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void reactorExposesTheLoopsThatRunItsNonBlockingRoutes() throws Exception {
        AtomicReference<Server> self = new AtomicReference<>();
        Server server = fixture.start(ServerFixture.builder().model(new ReactorModel()).loops(2)
                .onStart(self::set)
                .get("/which", Endpoint.nonBlocking(request -> {
                    EventLoopGroup group = self.get().eventLoops().orElseThrow();
                    String name = group.loops().stream().filter(EventLoop::inLoop).map(EventLoop::name)
                            .findFirst().orElse("none");
                    return Response.text(name);
                })));

        assertThat(server.eventLoops()).hasValueSatisfying(group -> assertThat(group.loops()).hasSize(2));
        HttpResponse<String> response = fixture.httpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/which")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).startsWith("barista-loop");
    }

    @Test
    void threadModelsHaveNoLoops() throws Exception {
        Server server = fixture.start(ServerFixture.builder().model(new ThreadPoolModel()));
        assertThat(server.eventLoops()).isEmpty();
    }
}
