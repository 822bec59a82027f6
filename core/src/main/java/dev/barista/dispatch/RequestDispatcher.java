package dev.barista.dispatch;

import dev.barista.handler.Endpoint;
import dev.barista.handler.Filter;
import dev.barista.handler.Handler;
import dev.barista.handler.JsonMapper;
import dev.barista.handler.Request;
import dev.barista.handler.RequestBody;
import dev.barista.handler.RequestSettings;
import dev.barista.handler.Route;
import dev.barista.http.KnownTargets;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.runtime.Overload;
import dev.barista.server.ServerStats;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one dispatch stage between every protocol session and the handlers: a request is routed once, when
 * its head is complete ({@link #route}); then run ({@link #dispatch}) on the thread the model chose for its
 * endpoint, inside its filters, with whatever it throws mapped to a response. Neither transport knows
 * about any of it.
 *
 * <p>The one hand-off: an endpoint whose placement names an executor runs there and answers through
 * {@link Exchange#respond}; a refused hand-off (a full kitchen) is answered 503 at once. Everything else runs
 * on the calling thread (the connection's) and its response is returned.
 */
public final class RequestDispatcher {
    private static final String[] NO_PARAMS = {};
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());

    private final RouteTable table;
    private final Filter[] globalFilters;
    private final Failures failures;
    private final RequestSettings settings;
    private final ServerStats stats;
    private final Deadlines deadlines;
    private final KnownTargets knownTargets;

    /**
     * @param routes        every route, with the filters around it already in its endpoint (outermost first)
     * @param globalFilters the server's own filters, which also wrap its 404 and 405 answers
     */
    public RequestDispatcher(List<Route> routes, List<Filter> globalFilters, Placement placement, Failures failures,
                             RequestSettings settings, ServerStats stats) {
        this.table = new RouteTable(routes, placement);
        this.globalFilters = globalFilters.toArray(Filter[]::new);
        this.failures = failures;
        this.settings = settings;
        this.stats = stats;
        this.deadlines = routes.stream().anyMatch(r -> r.endpoint().deadline() != null) ? new Deadlines() : null;
        this.knownTargets = KnownTargets.of(table.literalPaths());
    }

    public List<Route> routes() {
        return table.routes();
    }

    /** The literal route paths, for parsers to reuse as request targets instead of allocating them. */
    public KnownTargets knownTargets() {
        return knownTargets;
    }

    /** The server stopped: the deadline timer's thread ends (deadlines still pending will not fire). */
    public void close() {
        if (deadlines != null) deadlines.timer.shutdownNow();
    }

    /** What requests lend from the server: JSON, trusted proxies, form limits. */
    public RequestSettings settings() {
        return settings;
    }

    /** Matches the request's route, once, as soon as its head is complete. Session thread. */
    public void route(Exchange exchange) {
        switch (table.match(exchange.head().method(), exchange.head().path())) {
            case RouteMatch.Found found -> {
                exchange.route = found.route();
                exchange.params = found.params();
            }
            case RouteMatch m -> exchange.unrouted = m;
        }
    }

    /**
     * Runs the exchange's route, or the server's own answer when none matched. Returns the response when it
     * is ready now, on the calling thread; null when it will come through {@link Exchange#respond}.
     *
     * @param body the body as the handler reads it: whole, or a stream for a route that {@link Exchange#streamsBody}
     */
    public Response dispatch(Exchange exchange, RequestBody body) {
        CompiledRoute route = exchange.route;
        if (route == null) return answerUnrouted(exchange);
        Request request = new Request(exchange.head(), body, exchange.params, route.route, exchange.connection(),
                settings);
        if (route.kind == Endpoint.Kind.ASYNC) return startAsync(exchange, route, request);
        if (route.executor == null || !exchange.acceptsLateResponses()) {
            Deadline deadline = deadlines == null ? null : deadlines.start(exchange, route, request);
            Response response = runGuarded(route, request, deadline);
            return deadline == null ? response : deadline.settleSync(response);
        }
        Deadline deadline = deadlines == null ? null : deadlines.start(exchange, route, request);
        try {
            route.executor.execute(() -> {
                if (exchange.isCancelled()) {
                    closeStreamedBody(route, request);
                    return; // its connection closed (or its deadline passed) while it waited for a thread
                }
                Response response = runGuarded(route, request, deadline);
                if (deadline == null || deadline.claim()) exchange.respond(response);
            });
            return null;
        } catch (RejectedExecutionException e) {
            if (deadline != null && !deadline.claim()) return null; // answered by its deadline already
            stats.rejected(route.route);
            closeStreamedBody(route, request);
            return failures.byStatus(request, Overload.workersBusy());
        }
    }

    // ---- synchronous handlers ------------------------------------------------------------------------

    private Response runGuarded(CompiledRoute route, Request request, Deadline deadline) {
        if (deadline != null) deadline.enter();
        try {
            return run(route, request);
        } finally {
            if (deadline != null) deadline.exit();
            closeStreamedBody(route, request);
        }
    }

    /** Filters' before steps, the handler, then the after steps of the filters that let it through. */
    private Response run(CompiledRoute route, Request request) {
        return run(route.filters, request, route.route, route.route.endpoint().handler());
    }

    private Response run(Filter[] chain, Request request, Route route, Handler handler) {
        Response response = null;
        int passed = 0;
        try {
            for (; passed < chain.length; passed++) {
                response = chain[passed].before(request);
                if (response != null) break;
            }
            if (response == null) response = nonNull(handler.handle(request));
        } catch (Throwable t) {
            response = failures.map(t, request, route);
        }
        return finish(chain, passed, request, route, response);
    }

    private Response finish(Filter[] chain, int passed, Request request, Route route, Response response) {
        for (int i = passed - 1; i >= 0; i--) {
            try {
                response = nonNull(chain[i].after(request, response));
            } catch (Throwable t) {
                response = failures.map(t, request, route);
            }
        }
        response = failures.byStatus(request, response);
        return response.body() instanceof ResponseBody.Entity entity ? serialize(entity, request, response, route)
                : response;
    }

    // ---- async handlers ------------------------------------------------------------------------------

    private Response startAsync(Exchange exchange, CompiledRoute route, Request request) {
        Filter[] chain = route.filters;
        int passed = 0;
        CompletionStage<Response> stage;
        try {
            for (; passed < chain.length; passed++) {
                Response early = chain[passed].before(request);
                if (early != null) return finish(chain, passed, request, route.route, early);
            }
            stage = route.route.endpoint().asyncHandler().handle(request);
            if (stage == null) throw new IllegalStateException("async handler returned a null stage");
        } catch (Throwable t) {
            return finish(chain, passed, request, route.route, failures.map(t, request, route.route));
        }
        if (stage instanceof CompletableFuture<Response> done && done.isDone()) {
            return finish(chain, passed, request, route.route, outcome(done, request, route.route));
        }
        if (!exchange.acceptsLateResponses()) {
            return finish(chain, passed, request, route.route, await(stage, request, route));
        }
        Deadline deadline = deadlines == null ? null : deadlines.start(exchange, route, request);
        int through = passed;
        exchange.onCancel(() -> cancel(stage));
        stage.whenComplete((response, failure) -> {
            Response r = failure == null ? nonNullOr500(response, request, route.route)
                    : failures.map(failure, request, route.route);
            if (deadline == null || deadline.claim()) exchange.respond(finish(chain, through, request, route.route, r));
        });
        return null;
    }

    private Response outcome(CompletableFuture<Response> done, Request request, Route route) {
        try {
            return nonNullOr500(done.join(), request, route);
        } catch (Throwable t) {
            return failures.map(t, request, route);
        }
    }

    /**
     * A blocking transport's thread waits for the stage: its connection has no other thread to answer on. A
     * route's deadline bounds the wait (then the stage is cancelled and the answer is 503).
     */
    private Response await(CompletionStage<Response> stage, Request request, CompiledRoute route) {
        CountDownLatch done = new CountDownLatch(1);
        Object[] result = new Object[2];
        stage.whenComplete((response, failure) -> {
            result[0] = response;
            result[1] = failure;
            done.countDown();
        });
        try {
            if (route.deadlineNanos == 0) {
                done.await();
            } else if (!done.await(route.deadlineNanos, TimeUnit.NANOSECONDS)) {
                cancel(stage);
                stats.timeouts.increment();
                LOG.log(System.Logger.Level.WARNING, route + " passed its deadline on " + request + ": answered 503");
                return deadlineResponse();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(stage);
            return failures.map(e, request, route.route);
        }
        return result[1] != null ? failures.map((Throwable) result[1], request, route.route)
                : nonNullOr500((Response) result[0], request, route.route);
    }

    /** What a handler that passed its deadline is answered (before the status handlers). */
    private static Response deadlineResponse() {
        return Response.status(503).header("Retry-After", "1").contentType(Response.TEXT_PLAIN)
                .body("Service Unavailable: the handler took too long\n");
    }

    private static void cancel(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (UnsupportedOperationException ignored) {
            // a minimal stage cannot be cancelled: its answer will be dropped
        }
    }

    private Response nonNullOr500(Response response, Request request, Route route) {
        return response != null ? response
                : failures.map(new IllegalStateException("async handler completed with null"), request, route);
    }

    // ---- the server's own answers --------------------------------------------------------------------

    /** 404, 405 with Allow, or 400 for a path that cannot be decoded: inside the server's own filters. */
    private Response answerUnrouted(Exchange exchange) {
        Request request = new Request(exchange.head(), RequestBody.EMPTY, NO_PARAMS, null, exchange.connection(),
                settings);
        RouteMatch unrouted = exchange.unrouted;
        return run(globalFilters, request, null, r -> switch (unrouted) {
            case RouteMatch.MethodNotAllowed m -> Response.status(405).header("Allow", m.allow())
                    .contentType(Response.TEXT_PLAIN).body("Method Not Allowed\n");
            case RouteMatch.BadPath b -> Response.error(400, b.reason());
            case null, default -> Response.error(404, "Not Found");
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Response serialize(ResponseBody.Entity entity, Request request, Response response, Route route) {
        JsonMapper json = settings.json();
        if (json == null) {
            return failures.map(new IllegalStateException(
                    "a response entity needs a JsonMapper: add barista-jackson or set Server.Builder.json(...)"),
                    request, route);
        }
        try {
            Response written = response.withBody(ResponseBody.of(json.write(entity.value())));
            return written.header("Content-Type") != null ? written
                    : written.withHeader("Content-Type", Response.APPLICATION_JSON);
        } catch (Throwable t) {
            return failures.map(t, request, route);
        }
    }

    /** Whatever a streaming handler left unread is discarded, so the connection can move on. */
    private static void closeStreamedBody(CompiledRoute route, Request request) {
        if (!route.streamsBody) return;
        try {
            request.body().asStream().close();
        } catch (IOException ignored) {
            // releasing only
        }
    }

    private static Response nonNull(Response response) {
        if (response == null) throw new IllegalStateException("handler returned null");
        return response;
    }

    // ---- deadlines -----------------------------------------------------------------------------------

    /** One daemon thread that fires handler deadlines; started only when some route has one. */
    private final class Deadlines {
        private final ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("barista-deadlines").daemon(true).unstarted(r));

        Deadline start(Exchange exchange, CompiledRoute route, Request request) {
            if (route.deadlineNanos == 0) return null;
            Deadline d = new Deadline(exchange, route, request);
            d.future = timer.schedule(d::expire, route.deadlineNanos, TimeUnit.NANOSECONDS);
            return d;
        }
    }

    /**
     * A handler's time limit. Whoever claims the exchange first answers it: the handler, or the deadline
     * (503, and the handler's thread is interrupted or its stage cancelled; its late answer is dropped).
     */
    private final class Deadline {
        private final Exchange exchange;
        private final CompiledRoute route;
        private final Request request;
        private final java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        private ScheduledFuture<?> future;
        /** The thread running the handler now, or null (guarded by this). */
        private Thread running;
        private boolean expired;

        Deadline(Exchange exchange, CompiledRoute route, Request request) {
            this.exchange = exchange;
            this.route = route;
            this.request = request;
        }

        boolean claim() {
            if (!claimed.compareAndSet(false, true)) return false;
            future.cancel(false);
            return true;
        }

        synchronized void enter() {
            running = Thread.currentThread();
        }

        /** The handler returned: no interrupt may reach this thread after here, nor stay pending. */
        void exit() {
            boolean interrupted;
            synchronized (this) {
                running = null;
                interrupted = expired;
            }
            if (interrupted) Thread.interrupted();
        }

        void expire() {
            if (!claimed.compareAndSet(false, true)) return;
            stats.timeouts.increment(); // before the interrupt: the 503 may be on the wire before this thread goes on
            synchronized (this) {
                expired = true;
                if (running != null) running.interrupt();
            }
            exchange.cancel();
            LOG.log(System.Logger.Level.WARNING, route + " passed its deadline on " + request + ": answered 503");
            if (exchange.acceptsLateResponses()) exchange.respond(deadlineResponse());
        }

        /** The handler ran on the connection's thread: its answer, or the deadline's if that came first. */
        Response settleSync(Response response) {
            if (claim()) return response;
            return exchange.acceptsLateResponses() ? null : deadlineResponse();
        }

        private Response deadlineResponse() {
            return failures.byStatus(request, RequestDispatcher.deadlineResponse());
        }
    }
}
