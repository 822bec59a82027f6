package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once an answer is written its body is the garbage collector's: neither a keep-alive connection waiting for
 * its next request nor a closed one (whose cancelled timer may wait in its loop's queue) holds on to it. The
 * budget counts unsent bytes only, so a body kept after sending would be memory nobody accounts for.
 */
class AnswersAreNotRetainedTest {
    private static final int LARGE = 4 * 1024 * 1024;

    private final ServerFixture fx = new ServerFixture();
    private final List<WeakReference<byte[]>> bodies = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model) throws Exception {
        return fx.start(ServerFixture.builder().model(model)
                .get("/large", Endpoint.nonBlocking(r -> {
                    byte[] body = new byte[LARGE];
                    bodies.add(new WeakReference<>(body));
                    return Response.status(200).body(body);
                })));
    }

    private boolean allCollected() {
        System.gc();
        return bodies.stream().allMatch(b -> b.get() == null);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aWrittenAnswerIsNotHeldByItsIdleConnection(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        for (int i = 0; i < 3; i++) assertThat(client.send(RawClient.get("/large")).read().body()).hasSize(LARGE);
        Await.until("the written bodies collected while the connection stays open", this::allCollected);
        assertThat(client.quietFor(java.time.Duration.ofMillis(50))).as("still open").isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aWrittenAnswerIsNotHeldByItsClosedConnection(Model model) throws Exception {
        Server server = start(model);
        for (int i = 0; i < 3; i++) {
            RawClient client = fx.raw();
            assertThat(client.send(RawClient.get("/large")).read().body()).hasSize(LARGE);
            client.close();
        }
        Await.until("the connections closed", () -> server.stats().openConnections.get() == 0);
        Await.until("the written bodies collected", this::allCollected);
    }
}
