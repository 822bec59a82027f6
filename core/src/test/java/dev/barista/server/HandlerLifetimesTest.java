package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler's life is bounded by its answer, its deadline and its client: an async stage completed with null is
 * a 500 and the connection serves on; a route's deadline answers 503 with Retry-After and stops the work (the
 * worker's thread interrupted, the stage cancelled); a client that hangs up while its handler runs frees its
 * connection at once, and its stage is cancelled.
 */
class HandlerLifetimesTest {
    private static final Duration DEADLINE = Duration.ofMillis(200);
    /** How long the test's handlers wait when nothing stops them: far past every deadline. */
    private static final long HANDLER_WAIT_SECONDS = 20;

    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicReference<CompletableFuture<Response>> stage = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        release.countDown();
        CompletableFuture<Response> s = stage.get();
        if (s != null) s.complete(Response.text("teardown"));
        fx.close();
    }

    /** Waits for {@link #release}, noting whether its thread was interrupted instead. */
    private Response waitForRelease() {
        entered.countDown();
        try {
            if (!release.await(HANDLER_WAIT_SECONDS, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            return Response.text("released");
        } catch (InterruptedException e) {
            interrupted.set(true);
            return Response.text("interrupted");
        } finally {
            finished.set(true);
        }
    }

    /** A stage nobody completes but the test, remembered so the test can see whether it was cancelled. */
    private CompletableFuture<Response> pendingStage() {
        CompletableFuture<Response> s = new CompletableFuture<>();
        stage.set(s);
        entered.countDown();
        return s;
    }

    private Server start(Model model) throws IOException {
        return fx.start(ServerFixture.builder().model(model)
                .get("/null-later", Endpoint.async(r -> CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS))))
                .get("/null-now", Endpoint.async(r -> CompletableFuture.completedFuture(null)))
                .get("/blocking-deadline", Endpoint.blocking(r -> waitForRelease()).deadline(DEADLINE))
                .get("/async-deadline", Endpoint.async(r -> pendingStage()).deadline(DEADLINE))
                .get("/non-blocking-deadline", Endpoint.nonBlocking(r -> {
                    // Busy past its deadline without blocking (a long computation), until interrupted.
                    entered.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (System.nanoTime() - until < 0) {
                        if (Thread.currentThread().isInterrupted()) {
                            interrupted.set(true);
                            break;
                        }
                        Thread.onSpinWait();
                    }
                    return Response.text("computed");
                }).deadline(DEADLINE))
                .get("/blocking-hold", r -> waitForRelease())
                .get("/async-hold", Endpoint.async(r -> pendingStage()))
                .get("/n", Endpoint.nonBlocking(r -> Response.text("n"))));
    }

    // ---- async null ----------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void anAsyncNullIsA500AndThePipelinedRequestsBehindItAreAnswered(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();
        client.send(RawClient.get("/null-later") + RawClient.get("/n") + RawClient.get("/null-now")
                + RawClient.get("/n"));

        List<Integer> statuses = Stream.generate(() -> 0).limit(4).map(i -> {
            try {
                return client.read().status();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(statuses).containsExactly(500, 200, 500, 200);
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
        assertThat(server.stats().handlerErrors.sum()).isEqualTo(2);
    }

    // ---- deadlines -----------------------------------------------------------------------------------

    private static void assertDeadlineAnswer(RawResponse response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(response.bodyText()).contains("took too long");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aBlockingHandlerPastItsDeadlineIsAnswered503AndItsThreadInterrupted(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();

        assertDeadlineAnswer(client.send(RawClient.get("/blocking-deadline")).read());
        Await.until("the handler to see the interrupt", () -> finished.get());
        assertThat(interrupted).isTrue();
        assertThat(server.stats().timeouts.sum()).isEqualTo(1);
        // The late answer ("interrupted") is dropped; the connection serves on.
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aNonBlockingHandlerPastItsDeadlineIsAnswered503AndInterrupted(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();

        assertDeadlineAnswer(client.send(RawClient.get("/non-blocking-deadline")).read());
        assertThat(interrupted).isTrue();
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
    }

    @ParameterizedTest
    @MethodSource("modelsWithLoops")
    void anAsyncHandlerPastItsDeadlineIsAnswered503AndItsStageCancelled(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();

        assertDeadlineAnswer(client.send(RawClient.get("/async-deadline")).read());
        assertThat(stage.get()).isCancelled();
        assertThat(client.send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
    }

    @ParameterizedTest
    @MethodSource("threadModels")
    void anAsyncHandlerPastItsDeadlineIsAnswered503UnderTheThreadModels(Model model) throws Exception {
        anAsyncHandlerPastItsDeadlineIsAnswered503AndItsStageCancelled(model);
    }

    // ---- a client that hangs up ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("reactor")
    void aClientThatHangsUpDuringABlockingHandlerFreesItsConnectionAtOnce(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw().send(RawClient.get("/blocking-hold"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        client.close();

        Await.until("the connection to be freed", () -> server.stats().openConnections.get() == 0);
        assertThat(finished).as("freed while the handler still runs").isFalse();
        assertThat(server.stats().closedBy(CloseReason.CLIENT_CLOSED)).isEqualTo(1);
        release.countDown();
        Await.until("the handler to finish", finished::get);
        // Its answer went nowhere, and broke nothing.
        assertThat(fx.raw().send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
    }

    @ParameterizedTest
    @MethodSource("modelsWithLoops")
    void aClientThatHangsUpDuringAnAsyncHandlerFreesItsConnectionAndCancelsTheStage(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw().send(RawClient.get("/async-hold"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        client.close();

        Await.until("the connection to be freed", () -> server.stats().openConnections.get() == 0);
        Await.until("the stage to be cancelled", () -> stage.get().isCancelled());
        assertThat(fx.raw().send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
    }

    /**
     * Where the connection's own thread runs the handler (event-loop for blocking routes; the thread models
     * for every route) nothing can read the socket while the handler runs: the hang-up is seen, and the
     * connection freed, as soon as the handler returns (a route's deadline bounds that). Documented in
     * docs/models.md; the reactor frees it at once (above).
     */
    @ParameterizedTest
    @MethodSource("connectionThreadModels")
    void whereTheConnectionsThreadRunsTheHandlerAHangUpFreesTheConnectionWhenTheHandlerReturns(Model model)
            throws Exception {
        Server server = start(model);
        RawClient blocking = fx.raw().send(RawClient.get("/blocking-hold"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        blocking.close();
        assertThat(finished).isFalse();
        release.countDown();
        Await.until("the handler to finish", finished::get);
        Await.until("the connection to be freed", () -> server.stats().openConnections.get() == 0);
        assertThat(fx.raw().send(RawClient.get("/n")).read().bodyText()).isEqualTo("n");
    }

    static List<Model> reactor() {
        return List.of(Model.named("reactor"));
    }

    static List<Model> modelsWithLoops() {
        return List.of(Model.named("reactor"), Model.named("event-loop"));
    }

    static List<Model> threadModels() {
        return Models.all().stream().filter(m -> !modelsWithLoops().contains(m)).toList();
    }

    static List<Model> connectionThreadModels() {
        return Models.all().stream().filter(m -> !m.name().equals("reactor")).toList();
    }
}
