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
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) throw new HttpException(400, "Malformed percent-encoding");
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
