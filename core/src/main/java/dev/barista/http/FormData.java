package dev.barista.http;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads application/x-www-form-urlencoded data: the parser of the WHATWG URL standard (section 5.1), which is
 * what browsers write. Pairs are split on {@code &} (empty ones skipped), name and value on the first {@code =};
 * {@code +} is a space, and {@code %XX} escapes are decoded to bytes before the text is decoded.
 *
 * <p>Unlike {@link PercentDecoder}, which answers 400, a {@code %} not followed by two hex digits stays as it is,
 * as WHATWG specifies: every byte sequence is some form, so a form never fails to parse. Undecodable bytes
 * become U+FFFD. Splitting works on bytes, so the charset must be ASCII-compatible (UTF-8, ISO-8859-x, ...).
 */
public final class FormData {
    private FormData() {
    }

    /**
     * The fields of a form body, by name in order of first appearance, values in arrival order; unmodifiable.
     *
     * @param charset   what the decoded bytes are text in (the request's charset parameter, usually UTF-8)
     * @param maxFields how many name/value pairs are acceptable
     * @throws HttpException 413 if there are more than {@code maxFields} pairs
     */
    public static Map<String, List<String>> parse(byte[] body, Charset charset, int maxFields) {
        return parse(body, 0, body.length, charset, maxFields);
    }

    /**
     * The parameters of a URL query (without the {@code ?}), parsed the same way as UTF-8 form data; a null
     * query has none. Non-ASCII chars in the String stand for their UTF-8 bytes.
     *
     * @throws HttpException 413 if there are more than {@code maxFields} pairs
     */
    public static Map<String, List<String>> parse(String query, int maxFields) {
        if (query == null) query = "";
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, StandardCharsets.UTF_8, maxFields);
    }

    private static Map<String, List<String>> parse(byte[] b, int from, int to, Charset charset, int maxFields) {
        if (maxFields < 0) throw new IllegalArgumentException("negative maxFields");
        Map<String, List<String>> fields = new LinkedHashMap<>();
        byte[] scratch = new byte[0];
        int pairs = 0;
        int start = from;
        while (start <= to) {
            int end = start;
            while (end < to && b[end] != '&') end++;
            if (end > start) {
                if (++pairs > maxFields) throw new HttpException(413, "Too many form fields");
                int eq = start;
                while (eq < end && b[eq] != '=') eq++;
                if (scratch.length < end - start) scratch = new byte[end - start];
                String name = decode(b, start, eq, charset, scratch);
                String value = eq < end ? decode(b, eq + 1, end, charset, scratch) : "";
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        fields.replaceAll((name, values) -> Collections.unmodifiableList(values));
        return Collections.unmodifiableMap(fields);
    }

    /** '+' to space, valid %XX to its byte, everything else as it is; then the bytes as text. */
    private static String decode(byte[] b, int from, int to, Charset charset, byte[] scratch) {
        int n = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                c = ' ';
            } else if (c == '%' && i + 2 < to) {
                int hi = hexDigit(b[i + 1]);
                int lo = hexDigit(b[i + 2]);
                if (hi >= 0 && lo >= 0) {
                    c = (byte) (hi << 4 | lo);
                    i += 2;
                }
            }
            scratch[n++] = c;
        }
        return new String(scratch, 0, n, charset);
    }

    private static int hexDigit(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
