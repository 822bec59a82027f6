package dev.barista.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Cookie request field (RFC 6265 5.4 and 4.2.1): {@code name=value} pairs separated by {@code ;}.
 *
 * <p>Lenient where browsers are sloppy and strict where it matters: whitespace around pairs and around the
 * {@code =} is dropped, a pair whose name is not a token (or that has no {@code =}) is skipped, a value wrapped in
 * double quotes loses them, and the first pair of a name wins (browsers send the most specific cookie first).
 * Values are otherwise as sent; they are not percent-decoded.
 */
public final class Cookies {
    /** Pairs read per request, valid or not; the rest are ignored. Bounds the work a huge Cookie field costs. */
    public static final int MAX_PAIRS = 256;

    private Cookies() {
    }

    /** The cookies in these Cookie field values, by name in arrival order; unmodifiable. */
    public static Map<String, String> parse(List<String> cookieHeaderValues) {
        Map<String, String> cookies = new LinkedHashMap<>();
        int pairs = 0;
        for (String field : cookieHeaderValues) {
            int from = 0;
            while (from <= field.length()) {
                int semicolon = field.indexOf(';', from);
                int end = semicolon < 0 ? field.length() : semicolon;
                int start = FieldSyntax.skipWhitespace(field, from);
                int stop = trimEnd(field, start, end);
                if (start < stop) {
                    if (++pairs > MAX_PAIRS) return Collections.unmodifiableMap(cookies);
                    addPair(field, start, stop, cookies);
                }
                from = end + 1;
            }
        }
        return Collections.unmodifiableMap(cookies);
    }

    private static void addPair(String field, int start, int end, Map<String, String> cookies) {
        int eq = field.indexOf('=', start);
        if (eq < 0 || eq >= end) return;
        String name = field.substring(start, trimEnd(field, start, eq));
        if (!FieldSyntax.isToken(name)) return;
        // Bounded by end (already trimmed): after "a= " the whitespace runs on into the next pair's ';'.
        int valueStart = Math.min(FieldSyntax.skipWhitespace(field, eq + 1), end);
        if (end - valueStart >= 2 && field.charAt(valueStart) == '"' && field.charAt(end - 1) == '"') {
            valueStart++;
            end--;
        }
        cookies.putIfAbsent(name, field.substring(valueStart, end));
    }

    private static int trimEnd(String s, int start, int end) {
        while (end > start && FieldSyntax.isWhitespace(s.charAt(end - 1))) end--;
        return end;
    }
}
