package dev.barista.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Decodes percent-encoded UTF-8 in paths and queries (RFC 3986 2.1). */
public final class PercentDecoder {
    private PercentDecoder() {
    }

    /**
     * @param plusIsSpace true for query components (form encoding), false for path segments
     * @throws HttpException 400 for a truncated or non-hex escape
     */
    public static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
                int lo = i + 2 < s.length() ? hexDigit(s.charAt(i + 2)) : -1;
                if (hi < 0 || lo < 0) throw new HttpException(400, "Malformed percent-encoding");
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c >= 0x80) {
                // Targets from the parser are ASCII, but a caller may pass any String: a non-ASCII char stands for
                // its UTF-8 bytes (write(c) kept only the low 8 bits, so "caf\u00e9%21" came out as "caf\uFFFD!").
                int runEnd = i + 1;
                while (runEnd < s.length() && s.charAt(runEnd) >= 0x80) runEnd++;
                out.writeBytes(s.substring(i, runEnd).getBytes(StandardCharsets.UTF_8));
                i = runEnd - 1;
            } else {
                out.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** ASCII hex only: Character.digit also accepts other scripts' digits and fullwidth letters ("%\uFF21\uFF21"). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
