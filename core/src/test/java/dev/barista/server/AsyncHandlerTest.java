package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An AsyncHandler's stage may complete later, on any thread, normally or not, or be complete already. */
class AsyncHandlerTest {
    private final ServerFixture fx = new ServerFixture();
    private final ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();
    /** Stages that /wait handed out, for /fire to complete. */
    private final ConcurrentLinkedQueue<CompletableFuture<Response>> waiting = new ConcurrentLinkedQueue<>();

    @AfterEach
    void tearDown() {
        waiting.forEach(f -> f.complete(Response.text("teardown")));
        fx.close();
        elsewhere.shutdownNow();
    }

    private Server start(Model model) throws IOException {
        return start(ServerFixture.builder().model(model));
    }

    private Server start(Server.Builder builder) throws IOException {
        return fx.start(builder
                .get("/later/{i}", Endpoint.async(r -> {
                    CompletableFuture<Response> f = new CompletableFuture<>();
                    elsewhere.schedule(() -> f.complete(Response.text("later" + r.pathParam("i"))), 20,
                            TimeUnit.MILLISECONDS);
                    return f;
                }))
                .get("/failed", Endpoint.async(r -> {
                    CompletableFuture<Response> f = new CompletableFuture<>();
                    elsewhere.schedule(() -> f.completeExceptionally(new IllegalStateException("expected by the test")),
                            20, TimeUnit.MILLISECONDS);
                    return f;
                }))
                .get("/failed-http", Endpoint.async(r -> CompletableFuture.supplyAsync(() -> {
                    throw new HttpException(422, "unprocessable");
                }, elsewhere)))
                .get("/wrapped-http", Endpoint.async(r -> CompletableFuture.failedFuture(
                        new CompletionException(new HttpException(429, "slow down")))))
                .get("/now", Endpoint.async(r -> CompletableFuture.completedFuture(Response.text("now"))))
                .get("/throws", Endpoint.async(r -> {
                    throw new IllegalStateException("expected by the test");
                }))
                .get("/null", Endpoint.async(r -> null))
                .get("/wait", Endpoint.async(r -> {
                    CompletableFuture<Response> f = new CompletableFuture<>();
                    waiting.add(f);
                    return f;
                }))
                .get("/fire", Endpoint.nonBlocking(r -> {
                    // Completes another connection's stage right here, on this connection's thread.
                    CompletableFuture<Response> f;
                    while ((f = waiting.poll()) != null) f.complete(Response.text("fired"));
                    return Response.text("fire done");
                }))
                .get("/n", Endpoint.nonBlocking(r -> Response.text("n"))));
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stageCompletedLaterFromAnotherThread(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        for (int i = 0; i < 5; i++) {
            RawResponse response = client.send(RawClient.get("/later/" + i)).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("later" + i);
        }
        // Pipelined: the later ones wait their turn behind each other.
        client.send(RawClient.get("/later/a") + RawClient.get("/now") + RawClient.get("/later/b"));
        assertThat(client.read().bodyText()).isEqualTo("latera");
        assertThat(client.read().bodyText()).isEqualTo("now");
        assertThat(client.read().bodyText()).isEqualTo("laterb");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stageCompletedExceptionallyGets500AndTheConnectionStays(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        for (String path : new String[]{"/failed", "/throws", "/null"}) {
            RawResponse response = client.send(RawClient.get(path)).read();
            assertThat(response.status()).as(path).isEqualTo(500);
            assertThat(response.closes()).as(path).isFalse();
            assertThat(response.bodyText()).as(path).doesNotContain("expected by the test");
        }
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
        assertThat(server.stats().handlerErrors.sum()).isEqualTo(3);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stageFailedWithHttpExceptionGetsItsStatus(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        RawResponse failed = client.send(RawClient.get("/failed-http")).read();
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.bodyText()).contains("unprocessable");
        RawResponse wrapped = client.send(RawClient.get("/wrapped-http")).read();
        assertThat(wrapped.status()).isEqualTo(429);
        assertThat(wrapped.bodyText()).contains("slow down");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stageAlreadyCompleted(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        assertThat(client.send(RawClient.get("/now")).read().bodyText()).isEqualTo("now");
        StringBuilder pipelined = new StringBuilder();
        for (int i = 0; i < 20; i++) pipelined.append(RawClient.get("/now"));
        client.send(pipelined.toString());
        for (int i = 0; i < 20; i++) assertThat(client.read().bodyText()).isEqualTo("now");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void stageCompletedByAnotherConnectionsHandlerGoesToItsOwnConnection(Model model) throws Exception {
        // One loop, so both connections share it (and whatever buffers it shares between them).
        start(ServerFixture.builder().model(model).loops(1));
        RawClient waiter = fx.raw();
        waiter.send(RawClient.get("/wait"));
        Await.until("the waiter's request to be handled", () -> !waiting.isEmpty());
        RawClient firer = fx.raw();
        // The firer's first response is still unsent when its second request completes the waiter's stage.
        firer.send(RawClient.get("/n") + RawClient.get("/fire"));

        RawResponse first = firer.read();
        assertThat(first.bodyText()).isEqualTo("n");
        assertThat(firer.read().bodyText()).isEqualTo("fire done");
        RawResponse fired = waiter.read();
        assertThat(fired.status()).isEqualTo(200);
        assertThat(fired.bodyText()).isEqualTo("fired");
        assertThat(waiter.quietFor(Duration.ofMillis(50))).isTrue();
        assertThat(firer.quietFor(Duration.ofMillis(50))).isTrue();
    }
}
