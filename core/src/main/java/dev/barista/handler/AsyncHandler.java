package dev.barista.handler;

import dev.barista.http.Response;

import java.util.concurrent.CompletionStage;

/**
 * A handler that answers later: it starts work without blocking and returns a stage completed from any
 * thread. Under the reactor it is called on the event loop (so it must not block); the loop writes the
 * response when the stage completes.
 */
@FunctionalInterface
public interface AsyncHandler {
    CompletionStage<Response> handle(Request request) throws Exception;
}
