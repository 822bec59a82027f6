package dev.barista.http;

/**
 * Why the codec refused a message: the status to answer with and a fixed, human-readable reason.
 * The reason is written by Barista and never contains client input, so it is safe to send back.
 */
public record HttpError(int status, String reason) {
}
