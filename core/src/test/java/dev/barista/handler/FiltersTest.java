package dev.barista.handler;

import dev.barista.Server;
import dev.barista.dispatch.Failures;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.LogRecords;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters wrap handlers: {@code before} may answer early (the handler then does not run), {@code after} may
 * replace the response; the server's filters run outermost (and also wrap its own 404 and 405), then a group's,
 * then a route's, with the after steps in reverse; what a filter throws is answered like a handler's exception.
 * The same for every kind of endpoint and every model.
 */
class FiltersTest {
    private static final Executor LATER = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);

    private final ServerFixture fx = new ServerFixture();
    private final AtomicInteger handlerRuns = new AtomicInteger();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Every in-process model with every endpoint kind. */
    static Stream<Arguments> modelsAndKinds() {
        return Models.all().stream().flatMap(model -> Stream.of(Endpoint.Kind.values())
                .map(kind -> Arguments.of(model, kind)));
    }

    // ---- the filters the tests compose ---------------------------------------------------------------

    /**
     * Appends its name to the request's "trace" attribute before, and an {@code X-After} field with its name
     * after: the order of both shows in the response.
     */
    private static Filter traced(String name) {
        return new Filter() {
            @Override
            public Response before(Request request) {
                trace(request).add(name);
                request.attribute("filterThread", Thread.currentThread());
                return null;
            }

            @Override
            public Response after(Request request, Response response) {
                return response.withHeader("X-After", name);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static List<String> trace(Request request) {
        return (List<String>) request.attributes().computeIfAbsent("trace", k -> new CopyOnWriteArrayList<String>());
    }

    /** Answers 401 before the handler unless the request carries {@code X-Token}; its own after must not run. */
    private static final Filter TOKEN_REQUIRED = new Filter() {
        @Override
        public Response before(Request request) {
            if (request.header("X-Token") != null) return null;
            return Response.status(401).contentType(Response.TEXT_PLAIN)
                    .body("no token; trace " + String.join(",", trace(request)));
        }

        @Override
        public Response after(Request request, Response response) {
            return response.withHeader("X-After", "token");
        }
    };

    /** The handler every kind wraps: the trace so far, and whether it runs on the thread its filters ran on. */
    private Response traceHandler(Request request) {
        handlerRuns.incrementAndGet();
        // An async handler is called where its filters run; its stage completes elsewhere.
        Object called = request.attribute("calledOn");
        boolean sameThread = request.attribute("filterThread") == (called != null ? called : Thread.currentThread());
        return Response.text(String.join(",", trace(request)) + " sameThread=" + sameThread);
    }

    private Endpoint endpoint(Endpoint.Kind kind, Handler handler) {
        return switch (kind) {
            case BLOCKING -> Endpoint.blocking(handler);
            case NON_BLOCKING -> Endpoint.nonBlocking(handler);
            case STREAMING -> Endpoint.streaming(handler);
            // Completes later, on another thread: the after steps run where the stage completes.
            case ASYNC -> Endpoint.async(request -> {
                request.attribute("calledOn", Thread.currentThread());
                return CompletableFuture.supplyAsync(() -> {
                    try {
                        return handler.handle(request);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, LATER);
            });
        };
    }

    private Server start(Model model, Endpoint.Kind kind) throws IOException {
        return fx.start(ServerFixture.builder().model(model)
                .filter(traced("g1"))
                .group("/api", api -> api
                        .filter(traced("group"))
                        .get("/thing", endpoint(kind, this::traceHandler).with(traced("route")))
                        .get("/guarded", endpoint(kind, this::traceHandler)
                                .with(traced("outer"), TOKEN_REQUIRED, traced("inner"))))
                // Registered after the routes, and still around them: filters apply whenever registered.
                .filter(traced("g2"))
                .filter(Filter.before(request -> request.path().startsWith("/private")
                        ? Response.status(401).contentType(Response.TEXT_PLAIN).body("private\n") : null)));
    }

    private static List<String> afterSteps(RawResponse response) {
        return response.headers().stream().filter(h -> h.getKey().equalsIgnoreCase("X-After"))
                .map(Map.Entry::getValue).toList();
    }

    // ---- tests -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modelsAndKinds")
    void beforeStepsRunOutermostFirstAndAfterStepsInReverse(Model model, Endpoint.Kind kind) throws Exception {
        start(model, kind);
        RawResponse response = fx.raw().send(RawClient.get("/api/thing")).read();

        assertThat(response.status()).isEqualTo(200);
        // The server's filters in registration order, the group's, the route's; the private filter traces nothing.
        assertThat(response.bodyText()).isEqualTo("g1,g2,group,route sameThread=true");
        assertThat(afterSteps(response)).containsExactly("route", "group", "g2", "g1");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modelsAndKinds")
    void beforeThatAnswersSkipsTheHandlerAndTheInnerFilters(Model model, Endpoint.Kind kind) throws Exception {
        start(model, kind);
        RawClient client = fx.raw();

        RawResponse refused = client.send(RawClient.get("/api/guarded")).read();
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.bodyText()).isEqualTo("no token; trace g1,g2,group,outer");
        assertThat(handlerRuns).hasValue(0);
        // Only the filters that let the request through see the early answer on its way out.
        assertThat(afterSteps(refused)).containsExactly("outer", "group", "g2", "g1");

        RawResponse allowed = client.send("GET /api/guarded HTTP/1.1\r\nHost: x\r\nX-Token: t\r\n\r\n").read();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.bodyText()).startsWith("g1,g2,group,outer,inner ");
        assertThat(afterSteps(allowed)).containsExactly("inner", "token", "outer", "group", "g2", "g1");
        assertThat(handlerRuns).hasValue(1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void serverFiltersWrapItsOwn404And405ButGroupFiltersDoNot(Model model) throws Exception {
        start(model, Endpoint.Kind.BLOCKING);
        RawClient client = fx.raw();

        RawResponse notFound = client.send(RawClient.get("/missing")).read();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(afterSteps(notFound)).containsExactly("g2", "g1");

        RawResponse underTheGroup = client.send(RawClient.get("/api/missing")).read();
        assertThat(underTheGroup.status()).isEqualTo(404);
        assertThat(afterSteps(underTheGroup)).containsExactly("g2", "g1");

        RawResponse wrongMethod = client.send("DELETE /api/thing HTTP/1.1\r\nHost: x\r\n\r\n").read();
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(afterSteps(wrongMethod)).containsExactly("g2", "g1");

        // A server filter may answer a path no route has: its answer, not the 404.
        RawResponse early = client.send(RawClient.get("/private/anything")).read();
        assertThat(early.status()).isEqualTo(401);
        assertThat(afterSteps(early)).containsExactly("g2", "g1");
        assertThat(handlerRuns).hasValue(0);
    }

    /** What filters throw, by kind of endpoint. */
    static class Teapot extends RuntimeException {
        Teapot(String message) {
            super(message);
        }
    }

    private Server startThrowing(Model model, Endpoint.Kind kind) throws IOException {
        Handler ok = request -> {
            handlerRuns.incrementAndGet();
            return Response.text("ok");
        };
        return fx.start(ServerFixture.builder().model(model)
                .exception(Teapot.class, (e, request) -> Response.status(418).contentType(Response.TEXT_PLAIN)
                        .body("mapped " + e.getMessage()))
                .filter(Filter.after((request, response) -> response.withHeader("X-After", "global")))
                .filter(Filter.before(request -> {
                    if (request.path().equals("/explode")) throw new Teapot("from a server filter");
                    return null;
                }))
                .get("/before-throws", endpoint(kind, ok).with(Filter.before(request -> {
                    throw new Teapot("from before");
                })))
                .get("/after-throws", endpoint(kind, ok).with(Filter.after((request, response) -> {
                    throw new Teapot("from after");
                })))
                .get("/before-http", endpoint(kind, ok).with(Filter.before(request -> {
                    throw new HttpException(403, "Forbidden here");
                })))
                .get("/after-unmapped", endpoint(kind, ok).with(Filter.after((request, response) -> {
                    throw new IllegalStateException("a filter bug, expected by the test");
                })))
                .get("/ok", endpoint(kind, ok)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modelsAndKinds")
    void exceptionInAFilterIsAnsweredLikeAHandlersAndTheConnectionStays(Model model, Endpoint.Kind kind)
            throws Exception {
        startThrowing(model, kind);
        RawClient client = fx.raw();

        RawResponse before = client.send(RawClient.get("/before-throws")).read();
        assertThat(before.status()).isEqualTo(418);
        assertThat(before.bodyText()).isEqualTo("mapped from before");
        assertThat(before.header("X-After")).as("outer filters still see the mapped answer").isEqualTo("global");
        assertThat(handlerRuns).as("a before step that throws stops the request").hasValue(0);

        RawResponse after = client.send(RawClient.get("/after-throws")).read();
        assertThat(after.status()).isEqualTo(418);
        assertThat(after.bodyText()).isEqualTo("mapped from after");
        assertThat(after.header("X-After")).isEqualTo("global");
        assertThat(handlerRuns).hasValue(1);

        RawResponse http = client.send(RawClient.get("/before-http")).read();
        assertThat(http.status()).isEqualTo(403);
        assertThat(http.bodyText()).contains("Forbidden here");

        try (LogRecords log = LogRecords.of(Failures.class)) {
            RawResponse unmapped = client.send(RawClient.get("/after-unmapped")).read();
            assertThat(unmapped.status()).isEqualTo(500);
            assertThat(unmapped.closes()).isFalse();
            assertThat(unmapped.bodyText()).doesNotContain("expected by the test");
            assertThat(log.errors()).anySatisfy(r ->
                    assertThat(r.getThrown()).hasMessage("a filter bug, expected by the test"));
        }

        RawResponse global = client.send(RawClient.get("/explode")).read();
        assertThat(global.status()).as("a server filter's exception on an unrouted path").isEqualTo(418);
        assertThat(global.bodyText()).isEqualTo("mapped from a server filter");

        assertThat(client.send(RawClient.get("/ok")).read().bodyText()).isEqualTo("ok");
    }
}
