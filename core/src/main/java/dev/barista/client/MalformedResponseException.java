package dev.barista.client;

import dev.barista.http.HttpError;

import java.io.IOException;

/**
 * The upstream's response broke the codec's rules (see {@code ResponseParser}): the connection is closed and the
 * request failed. A gateway answers 502.
 */
public final class MalformedResponseException extends IOException {
    private final HttpError error;

    public MalformedResponseException(HttpError error) {
        super("malformed response: " + error.reason());
        this.error = error;
    }

    /** What was wrong, as the parser reported it. */
    public HttpError error() {
        return error;
    }
}
