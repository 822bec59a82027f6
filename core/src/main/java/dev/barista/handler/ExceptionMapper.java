package dev.barista.handler;

import dev.barista.http.Response;

/**
 * Turns an exception a handler or filter threw into a response. Registered per exception type on the
 * server ({@code Server.Builder.exception}); the most specific registered type wins. Without one,
 * {@link dev.barista.http.HttpException} answers its status and anything else a logged 500.
 */
@FunctionalInterface
public interface ExceptionMapper<T extends Throwable> {
    Response toResponse(T exception, Request request) throws Exception;
}
