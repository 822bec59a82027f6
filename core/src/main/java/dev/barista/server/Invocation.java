package dev.barista.server;

import dev.barista.handler.AsyncHandler;
import dev.barista.handler.Handler;
import dev.barista.handler.Request;
import dev.barista.handler.Route;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Calls handlers and turns whatever they throw into a response, the same way for every transport:
 * {@link HttpException} → its status; anything else → 500, logged with the route.
 */
public final class Invocation {
    private static final System.Logger LOG = System.getLogger(Invocation.class.getName());

    private Invocation() {
    }

    public static Response call(Handler handler, Request request, Route route, ServerStats stats) {
        try {
            Response response = handler.handle(request);
            if (response == null) throw new IllegalStateException("handler returned null");
            return response;
        } catch (Throwable t) {
            return failure(t, request, route, stats);
        }
    }

    /** Starts an async handler; a throw or a null stage becomes a failed stage. */
    public static CompletionStage<Response> callAsync(AsyncHandler handler, Request request) {
        try {
            CompletionStage<Response> stage = handler.handle(request);
            if (stage == null) throw new IllegalStateException("async handler returned a null stage");
            return stage;
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    public static Response failure(Throwable t, Request request, Route route, ServerStats stats) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof HttpException e) return Response.error(e.status(), e.getMessage());
        stats.handlerErrors.increment();
        LOG.log(System.Logger.Level.ERROR, "handler for " + route + " failed on " + request, cause);
        return Response.error(500, "Internal Server Error");
    }
}
