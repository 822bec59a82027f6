package dev.barista.handler;

import dev.barista.http.Response;

/**
 * Replaces every response of one status before it is sent: a custom 404 page, a JSON 500, a 503 with a
 * {@code Retry-After}. Registered on the server ({@code Server.Builder.onStatus}); sees the server's own
 * answers (404, 405, 503 when the workers are busy) and handlers' alike, but not the codec's answers to
 * messages that never became requests (400, 408, 413, 414, 431: there is no request to hand it).
 */
@FunctionalInterface
public interface StatusHandler {
    Response handle(Request request, Response response) throws Exception;
}
