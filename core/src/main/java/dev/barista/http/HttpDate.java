package dev.barista.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date: ...\r\n} header line, formatted at most once per second and shared by every thread. A
 * caller that knows the time already (an event loop reads its clock once per turn) passes it, and the
 * line is served without reading the wall clock again until the second it names is over.
 */
public final class HttpDate {
    /** @param validUntilNanos when (System.nanoTime() scale) the second this line names ends */
    private record Cached(long second, long validUntilNanos, byte[] line, String value) {
    }

    /** IMF-fixdate (RFC 9110 5.6.7): always two-digit days, English names, GMT. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private static volatile Cached cached = format(System.currentTimeMillis());

    private HttpDate() {
    }

    /** The whole header line for the current second, CRLF included. */
    static byte[] dateLine() {
        return dateLine(System.nanoTime());
    }

    /** The same, for a caller whose clock read {@code nowNanos} ({@link System#nanoTime()}) a moment ago. */
    static byte[] dateLine(long nowNanos) {
        Cached c = cached;
        if (nowNanos - c.validUntilNanos < 0) return c.line;
        long millis = System.currentTimeMillis();
        if (millis / 1000 != c.second) {
            // Racing threads may both format; each result is correct, so no lock is needed.
            c = format(millis);
            cached = c;
        }
        return c.line;
    }

    /** The current second's date as a field value (what HTTP/2's {@code date} field carries). */
    public static String value(long nowNanos) {
        dateLine(nowNanos);
        return cached.value;
    }

    private static Cached format(long millis) {
        long second = millis / 1000;
        long validUntil = System.nanoTime() + (1000 - millis % 1000) * 1_000_000L;
        String date = IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC));
        return new Cached(second, validUntil, ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII), date);
    }
}
