package dev.barista.dispatch;

import dev.barista.handler.ExceptionMapper;
import dev.barista.handler.Request;
import dev.barista.handler.Route;
import dev.barista.handler.StatusHandler;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.server.ServerStats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what handlers and filters throw into responses, and applies the server's per-status handlers, the
 * same way for every model and protocol: a registered {@link ExceptionMapper} for the exception's class or
 * its nearest superclass; else {@link HttpException} answers its status; else a 500, logged with the route.
 */
public final class Failures {
    private static final System.Logger LOG = System.getLogger(Failures.class.getName());

    private final Map<Class<?>, ExceptionMapper<?>> mappers;
    /** By status code; null where none is registered. */
    private final StatusHandler[] byStatus = new StatusHandler[600];
    private final ServerStats stats;

    public Failures(Map<Class<? extends Throwable>, ExceptionMapper<?>> mappers, Map<Integer, StatusHandler> statusHandlers,
                    ServerStats stats) {
        this.mappers = new LinkedHashMap<>(mappers);
        statusHandlers.forEach((status, handler) -> byStatus[status] = handler);
        this.stats = stats;
    }

    /** The response for a failure of {@code route}'s handler or one of its filters (route null: the server's). */
    public Response map(Throwable thrown, Request request, Route route) {
        Throwable cause = unwrap(thrown);
        ExceptionMapper<Throwable> mapper = mapperFor(cause);
        if (mapper != null) {
            try {
                Response mapped = mapper.toResponse(cause, request);
                if (mapped != null) return mapped;
                LOG.log(System.Logger.Level.ERROR, "exception mapper for " + cause.getClass().getName() + " returned null");
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "exception mapper for " + cause.getClass().getName() + " failed", t);
            }
            stats.handlerErrors.increment();
            return Response.error(500, "Internal Server Error");
        }
        if (cause instanceof HttpException e) return Response.error(e.status(), e.getMessage());
        stats.handlerErrors.increment();
        LOG.log(System.Logger.Level.ERROR, "handler for " + (route == null ? "the server" : route) + " failed on "
                + request, cause);
        return Response.error(500, "Internal Server Error");
    }

    /** The response the server's handler for its status makes of it, or the response itself. */
    public Response byStatus(Request request, Response response) {
        StatusHandler handler = byStatus[response.status()];
        if (handler == null) return response;
        try {
            Response replaced = handler.handle(request, response);
            if (replaced != null) return replaced;
            LOG.log(System.Logger.Level.ERROR, "handler for status " + response.status() + " returned null");
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "handler for status " + response.status() + " failed", t);
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private ExceptionMapper<Throwable> mapperFor(Throwable cause) {
        if (mappers.isEmpty()) return null;
        for (Class<?> c = cause.getClass(); c != null; c = c.getSuperclass()) {
            ExceptionMapper<?> mapper = mappers.get(c);
            if (mapper != null) return (ExceptionMapper<Throwable>) mapper;
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
