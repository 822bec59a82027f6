package dev.barista.handler;

import dev.barista.Server;
import dev.barista.dispatch.Failures;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.LogRecords;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What handlers throw becomes a response: the mapper of the nearest registered class wins, an
 * {@link HttpException} answers its own status, anything else is a logged 500 on a connection that stays open;
 * status handlers replace every response of their status (the server's own 404, 405 and 503 included), and a
 * mapper or status handler that fails leaves a sane answer.
 */
class ErrorHandlingTest {
    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        fx.close();
    }

    /** A small hierarchy: mappers for the root and the middle, none for the leaf. */
    static class Problem extends RuntimeException {
        Problem(String message) {
            super(message);
        }
    }

    static class MissingThing extends Problem {
        MissingThing(String message) {
            super(message);
        }
    }

    static final class MissingWidget extends MissingThing {
        MissingWidget(String message) {
            super(message);
        }
    }

    /** What a route throws, by name. */
    private static RuntimeException thrown(String name) {
        return switch (name) {
            case "problem" -> new Problem("problem");
            case "missing" -> new MissingThing("missing");
            case "widget" -> new MissingWidget("widget");
            case "state" -> new IllegalStateException("state, expected by the test");
            case "http" -> new HttpException(422, "Unprocessable here");
            default -> throw new AssertionError(name);
        };
    }

    private Server.Builder throwing(Model model) {
        return ServerFixture.builder().model(model)
                .get("/throw/{name}", request -> {
                    throw thrown(request.pathParam("name"));
                })
                .get("/async-throw/{name}", Endpoint.async(request -> CompletableFuture.supplyAsync(() -> {
                    throw thrown(request.pathParam("name"));
                }, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS))))
                .get("/ok", Endpoint.nonBlocking(request -> Response.text("ok")));
    }

    private static Response named(int status, String text) {
        return Response.status(status).contentType(Response.TEXT_PLAIN).body(text);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void theMapperOfTheNearestRegisteredClassWins(Model model) throws Exception {
        // The general mapper is registered first: registration order must not matter, only distance.
        fx.start(throwing(model)
                .exception(RuntimeException.class, (e, r) -> named(400, "runtime"))
                .exception(Problem.class, (e, r) -> named(409, "problem mapper: " + e.getMessage()))
                .exception(MissingThing.class, (e, r) -> named(404, "missing mapper: " + e.getMessage())));
        RawClient client = fx.raw();
        record Case(String thrown, int status, String body) {
        }
        List<Case> cases = List.of(
                new Case("problem", 409, "problem mapper: problem"),
                new Case("missing", 404, "missing mapper: missing"),
                new Case("widget", 404, "missing mapper: widget"),      // no mapper of its own: its superclass's
                new Case("state", 400, "runtime"),
                new Case("http", 400, "runtime"));                       // a mapper beats HttpException's default
        for (String prefix : List.of("/throw/", "/async-throw/")) {
            for (Case c : cases) {
                RawResponse response = client.send(RawClient.get(prefix + c.thrown())).read();
                assertThat(response.status()).as(prefix + c.thrown()).isEqualTo(c.status());
                assertThat(response.bodyText()).as(prefix + c.thrown()).isEqualTo(c.body());
            }
        }
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void withoutAMapperHttpExceptionAnswersItsStatusAndAnythingElseA500(Model model) throws Exception {
        Server server = fx.start(throwing(model));
        RawClient client = fx.raw();

        RawResponse http = client.send(RawClient.get("/throw/http")).read();
        assertThat(http.status()).isEqualTo(422);
        assertThat(http.bodyText()).isEqualTo("Unprocessable here\n");
        assertThat(server.stats().handlerErrors.sum()).as("an HttpException is an answer, not an error").isZero();

        try (LogRecords log = LogRecords.of(Failures.class)) {
            RawResponse failed = client.send(RawClient.get("/throw/state")).read();
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.closes()).isFalse();
            assertThat(failed.bodyText()).isEqualTo("Internal Server Error\n");
            assertThat(failed.bodyText()).doesNotContain("expected by the test");
            List<LogRecord> errors = log.errors();
            assertThat(errors).hasSize(1);
            assertThat(errors.getFirst().getMessage()).contains("GET /throw/{name}");
            assertThat(errors.getFirst().getThrown()).isInstanceOf(IllegalStateException.class);
        }
        assertThat(server.stats().handlerErrors.sum()).isEqualTo(1);
        // The same connection serves on.
        assertThat(client.send(RawClient.get("/ok")).read().bodyText()).isEqualTo("ok");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aMapperThatThrowsOrReturnsNullGivesALogged500(Model model) throws Exception {
        Server server = fx.start(throwing(model)
                .exception(Problem.class, (e, r) -> {
                    throw new IllegalArgumentException("mapper bug, expected by the test");
                })
                .exception(MissingThing.class, (e, r) -> null));
        RawClient client = fx.raw();
        try (LogRecords log = LogRecords.of(Failures.class)) {
            RawResponse mapperThrew = client.send(RawClient.get("/throw/problem")).read();
            assertThat(mapperThrew.status()).isEqualTo(500);
            assertThat(mapperThrew.bodyText()).doesNotContain("expected by the test");

            RawResponse mapperNull = client.send(RawClient.get("/throw/widget")).read();
            assertThat(mapperNull.status()).isEqualTo(500);

            assertThat(log.errors()).extracting(LogRecord::getMessage).anySatisfy(m ->
                    assertThat(m).contains("exception mapper for " + Problem.class.getName() + " failed"));
            assertThat(log.errors()).extracting(LogRecord::getMessage).anySatisfy(m ->
                    assertThat(m).contains("exception mapper for " + MissingWidget.class.getName() + " returned null"));
        }
        assertThat(server.stats().handlerErrors.sum()).isEqualTo(2);
        assertThat(client.send(RawClient.get("/ok")).read().bodyText()).isEqualTo("ok");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void statusHandlersReplaceTheServersAndHandlersAnswersOfTheirStatus(Model model) throws Exception {
        fx.start(throwing(model)
                .post("/only-post", request -> Response.text("posted"))
                .get("/gone", request -> Response.error(404, "handler's own 404"))
                .get("/unavailable", request -> Response.error(503, "handler's own 503"))
                .onStatus(404, (request, response) -> Response.status(404).contentType(Response.TEXT_HTML)
                        .body("<h1>custom 404 for " + request.path() + "</h1>"))
                // Keeps the Allow field of the answer it replaces.
                .onStatus(405, (request, response) -> response.withBody(
                        dev.barista.http.ResponseBody.of("custom 405, allow " + response.header("Allow"))))
                .onStatus(500, (request, response) -> Response.status(500).contentType(Response.APPLICATION_JSON)
                        .body("{\"error\":\"internal\"}"))
                .onStatus(503, (request, response) -> response.withHeader("X-Custom", "503")));
        RawClient client = fx.raw();

        RawResponse notFound = client.send(RawClient.get("/nothing/here")).read();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.header("Content-Type")).startsWith("text/html");
        assertThat(notFound.bodyText()).isEqualTo("<h1>custom 404 for /nothing/here</h1>");

        RawResponse handlers404 = client.send(RawClient.get("/gone")).read();
        assertThat(handlers404.bodyText()).isEqualTo("<h1>custom 404 for /gone</h1>");

        RawResponse notAllowed = client.send(RawClient.get("/only-post")).read();
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.header("Allow")).isEqualTo("POST");
        assertThat(notAllowed.bodyText()).isEqualTo("custom 405, allow POST");

        RawResponse failed = client.send(RawClient.get("/throw/state")).read();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyText()).isEqualTo("{\"error\":\"internal\"}");

        RawResponse unavailable = client.send(RawClient.get("/unavailable")).read();
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("X-Custom")).isEqualTo("503");
    }

    @Test
    void theWorkersBusy503GoesThroughTheStatusHandler() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        fx.start(ServerFixture.builder().model(Model.named("reactor")).workers(1, 0)
                .get("/hold", request -> {
                    entered.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return Response.text("held");
                })
                .onStatus(503, (request, response) -> Response.status(503)
                        .header("Retry-After", response.header("Retry-After"))
                        .contentType(Response.TEXT_PLAIN).body("busy, come back for " + request.path())));
        RawClient holder = fx.raw().send(RawClient.get("/hold"));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        RawResponse busy = fx.raw().send(RawClient.get("/hold")).read();
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(busy.bodyText()).isEqualTo("busy, come back for /hold");

        release.countDown();
        assertThat(holder.read().bodyText()).isEqualTo("held");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aStatusHandlerThatThrowsOrReturnsNullLeavesTheOriginalAnswer(Model model) throws Exception {
        fx.start(throwing(model)
                .onStatus(404, (request, response) -> {
                    throw new IllegalStateException("status handler bug, expected by the test");
                })
                .onStatus(422, (request, response) -> null));
        RawClient client = fx.raw();
        try (LogRecords log = LogRecords.of(Failures.class)) {
            RawResponse notFound = client.send(RawClient.get("/nothing")).read();
            assertThat(notFound.status()).isEqualTo(404);
            assertThat(notFound.bodyText()).isEqualTo("Not Found\n");

            RawResponse http = client.send(RawClient.get("/throw/http")).read();
            assertThat(http.status()).isEqualTo(422);
            assertThat(http.bodyText()).isEqualTo("Unprocessable here\n");

            Await.until("both failures logged", () -> log.errors().size() >= 2);
        }
        assertThat(client.send(RawClient.get("/ok")).read().bodyText()).isEqualTo("ok");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void theCodecsAnswersToUnparseableMessagesBypassStatusHandlers(Model model) throws Exception {
        fx.start(throwing(model).onStatus(400, (request, response) -> Response.error(400, "custom 400")));
        RawClient client = fx.raw();
        RawResponse bad = client.send("NOT AN HTTP MESSAGE\r\n\r\n").read();
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.bodyText()).doesNotContain("custom");
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
    }
}
