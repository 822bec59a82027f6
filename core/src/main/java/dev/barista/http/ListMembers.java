package dev.barista.http;

/**
 * The members of a comma-separated list field (RFC 9110 section 5.6.1) over every line that carries it, each
 * trimmed of whitespace, empty ones skipped (the list syntax ignores them): the rules that read Connection,
 * Transfer-Encoding and Expect walk their lists with it.
 *
 * <pre>
 * for (ListMembers m = ListMembers.of(headers, "connection"); m.next(); ) if (m.is(CLOSE)) ...
 * </pre>
 */
final class ListMembers {
    private final Headers headers;
    private final String name;
    private final byte[] b;
    private int line;
    private int from;
    private int lineEnd;
    private int start;
    private int end;

    /** From line {@code firstLine} on (the parser may know where the field starts), or none when it is -1. */
    ListMembers(Headers headers, String name, int firstLine) {
        this.headers = headers;
        this.name = name;
        this.b = headers.bytes();
        enter(firstLine);
    }

    /** Every line of the field named {@code name} (in any case). */
    static ListMembers of(Headers headers, String name) {
        return new ListMembers(headers, name, headers.indexOf(name, 0));
    }

    /** Moves to the next non-empty member; false after the last. */
    boolean next() {
        while (line >= 0) {
            while (from <= lineEnd) {
                int comma = from;
                while (comma < lineEnd && b[comma] != ',') comma++;
                int s = from;
                int e = comma;
                while (s < e && HttpChars.isWhitespace(b[s])) s++;
                while (e > s && HttpChars.isWhitespace(b[e - 1])) e--;
                from = comma + 1;
                if (s < e) {
                    start = s;
                    end = e;
                    return true;
                }
            }
            enter(headers.indexOf(name, line + 1));
        }
        return false;
    }

    /** Whether the current member is {@code lowerToken} (given in lower case), case-insensitively. */
    boolean is(byte[] lowerToken) {
        return HttpChars.equalsLowerCase(b, start, end, lowerToken);
    }

    /** As {@link #is(byte[])} for a token given in lower case as a String. */
    boolean is(String lowerToken) {
        return HttpChars.equalsLowerCase(b, start, end, lowerToken);
    }

    /** Whether the current member is {@code token}, in any case. */
    boolean isIgnoringCase(String token) {
        return HttpChars.equalsIgnoreCase(b, start, end, token);
    }

    private void enter(int index) {
        line = index;
        if (index < 0) return;
        from = headers.valueStart(index);
        lineEnd = headers.valueEnd(index);
    }
}
