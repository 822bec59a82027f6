package dev.barista.handler;

import dev.barista.http.Response;

/**
 * The one handler API, the same under every concurrency model: a request in, a response out.
 * It may block (JDBC, files, a blocking RPC); the model decides which thread runs it, and the reactor never
 * runs a handler registered as blocking on an event loop.
 *
 * <p>Throw {@link dev.barista.http.HttpException} to answer with a specific error status; any other
 * exception becomes a 500 (logged with the route) and the connection stays open when framing allows.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
