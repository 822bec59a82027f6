package dev.barista.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date: ...\r\n} header line, formatted at most once per second and shared by every thread.
 */
public final class HttpDate {
    private record Cached(long second, byte[] line) {
    }

    /** IMF-fixdate (RFC 9110 5.6.7): always two-digit days, English names, GMT. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private static volatile Cached cached = format(System.currentTimeMillis() / 1000);

    private HttpDate() {
    }

    /** The whole header line for the current second, CRLF included. */
    static byte[] dateLine() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            // Racing threads may both format; each result is correct, so no lock is needed.
            c = format(second);
            cached = c;
        }
        return c.line;
    }

    private static Cached format(long second) {
        String date = IMF_FIXDATE.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC));
        return new Cached(second, ("Date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
