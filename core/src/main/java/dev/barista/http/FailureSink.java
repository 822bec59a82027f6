package dev.barista.http;

/**
 * Where the parts shared by {@link RequestParser} and {@link ResponseParser} (field scanning, field lines, framing
 * rules, body decoding) report why a message is refused. The owning parser records the first failure and answers
 * ERROR from then on; the shared part returns its own "failed" sentinel so the caller stops at once.
 */
@FunctionalInterface
interface FailureSink {
    void fail(int status, String reason);
}
