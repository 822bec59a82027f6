package dev.barista.handler;

import dev.barista.http.Response;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs around a route's handler: {@link #before} may answer early (the handler then does not run), and
 * {@link #after} sees, and may replace, whatever response comes out, the server's own 404 and 405 included
 * (for filters added on the server itself). Filters apply globally (on {@code Server.Builder}), per group
 * ({@code group(prefix, ...)}) or per route ({@link Endpoint#with}); the outermost runs first before and
 * last after.
 *
 * <p>A filter runs on the thread of the handler it wraps: on the event loop for a non-blocking or async
 * route (so it must not block there), on a worker for a blocking one. An async handler's {@code after} runs
 * where its stage completes. What a filter throws is answered like a handler's exception.
 */
public interface Filter {

    /** Before the handler: null to go on, or a response that answers instead. */
    default Response before(Request request) throws Exception {
        return null;
    }

    /**
     * After the handler (or after an inner filter answered early): the response to send, usually
     * {@code response} itself or a copy with a header more. Runs only if this filter's {@code before} let the
     * request through.
     */
    default Response after(Request request, Response response) throws Exception {
        return response;
    }

    /** A filter with only a {@code before} step. */
    static Filter before(ThrowingFunction<Request, Response> before) {
        return new Filter() {
            @Override
            public Response before(Request request) throws Exception {
                return before.apply(request);
            }
        };
    }

    /** A filter with only an {@code after} step. */
    static Filter after(ThrowingBiFunction<Request, Response, Response> after) {
        return new Filter() {
            @Override
            public Response after(Request request, Response response) throws Exception {
                return after.apply(request, response);
            }
        };
    }

    /** {@link Function} that may throw, for filter lambdas. */
    @FunctionalInterface
    interface ThrowingFunction<A, R> {
        R apply(A a) throws Exception;
    }

    /** {@link BiFunction} that may throw, for filter lambdas. */
    @FunctionalInterface
    interface ThrowingBiFunction<A, B, R> {
        R apply(A a, B b) throws Exception;
    }
}
