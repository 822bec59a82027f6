package dev.barista.shop;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them: {@code 250us}, {@code 20ms}, {@code 2s}, {@code 1m}; a bare number is milliseconds. */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("us")) return Duration.ofNanos(Math.multiplyExact(Long.parseLong(strip(s, 2)), 1000L));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(strip(s, 2)));
            if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(strip(s, 1)));
            if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(strip(s, 1)));
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a duration (like 20ms, 2s): " + text);
        }
    }

    private static String strip(String s, int suffix) {
        String number = s.substring(0, s.length() - suffix).trim();
        if (number.startsWith("-")) throw new NumberFormatException("negative");
        return number;
    }

    static String format(long nanos) {
        if (nanos % 1_000_000_000L == 0) return nanos / 1_000_000_000L + "s";
        if (nanos % 1_000_000L == 0) return nanos / 1_000_000L + "ms";
        return nanos / 1000L + "us";
    }
}
