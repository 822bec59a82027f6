package dev.barista.http;

/**
 * The token and quoted-string rules of RFC 9110 5.6.2 and 5.6.4, over Strings: what the value parsers
 * (media types, cookies, Forwarded) share. Field values arrive as ISO-8859-1 Strings, one char per octet.
 */
final class FieldSyntax {
    private FieldSyntax() {
    }

    static boolean isTchar(char c) {
        return c <= 0x7F && HttpChars.isTchar((byte) c);
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) return false;
        }
        return true;
    }

    /** What a quoted-string can carry, escaped or not: HTAB, SP, VCHAR and obs-text. */
    static boolean isQuotable(char c) {
        return c <= 0xFF && HttpChars.isFieldChar((byte) c);
    }

    static boolean isQuotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isQuotable(s.charAt(i))) return false;
        }
        return true;
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    static int skipToken(String s, int i) {
        while (i < s.length() && isTchar(s.charAt(i))) i++;
        return i;
    }

    static int skipWhitespace(String s, int i) {
        while (i < s.length() && isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /**
     * Reads the quoted-string that starts at {@code s[start] == '"'} into {@code into}, undoing quoted-pairs.
     * Returns the index after the closing quote, or -1 if the string is unterminated or carries a control.
     */
    static int unquote(String s, int start, StringBuilder into) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\') {
                if (++i == s.length()) return -1;
                c = s.charAt(i);
            }
            if (!isQuotable(c)) return -1;
            into.append(c);
        }
        return -1;
    }

    /** The value as a token if it is one, else as a quoted-string; the value must be {@link #isQuotable}. */
    static void appendTokenOrQuoted(StringBuilder sb, String value) {
        if (isToken(value)) {
            sb.append(value);
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        sb.append('"');
    }
}
