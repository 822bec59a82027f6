package dev.barista.http;

/**
 * Parses validated-by-scan field lines ({@code name: value CRLF}, RFC 9112 section 5) into a {@link Headers}
 * view: names must be tokens, values field characters, no obs-fold, no whitespace before the colon. Shared by
 * both parsers for heads and trailers.
 */
final class FieldLines {

    /** Values up to this long (Host, Connection, Content-Length) are checked byte by byte: blocks do not pay. */
    private static final int SHORT_VALUE = 16;

    private FieldLines() {
    }

    /**
     * Parses the field lines in {@code a[from, to)}, each ending in CRLF, into headers over {@code a}.
     * Returns null after reporting a failure.
     *
     * @param lines the number of lines the scanner counted (sizes the offsets array)
     */
    static Headers parse(byte[] a, int from, int to, int lines, FailureSink failures) {
        return parse(a, from, to, lines, failures, null);
    }

    /** As {@link #parse(byte[], int, int, int, FailureSink)}, noting the known fields in {@code known} if not null. */
    static Headers parse(byte[] a, int from, int to, int lines, FailureSink failures, KnownFields known) {
        if (known != null) known.reset();
        int[] offsets = new int[4 * Math.max(lines, 1)];
        int count = 0;
        int ls = from;
        // One pass over each line (the scanner already made sure every line ends in CRLF, and that no bare CR
        // or LF is inside one), with the reasons in the order the rules are stated: fold, colon, name, value.
        while (ls < to) {
            if (HttpChars.isWhitespace(a[ls])) return fail(failures, "Obsolete line folding is not allowed");
            int colon = ls;
            boolean invalidName = false;
            byte c;
            while ((c = a[colon]) != ':') {
                if (c == '\r') return fail(failures, "Header field without colon");
                invalidName |= !HttpChars.isTchar(c);
                colon++;
            }
            if (colon == ls) return fail(failures, "Empty header field name");
            if (invalidName) return fail(failures, "Invalid character in header field name");
            int vs = colon + 1;
            while (a[vs] == ' ' || a[vs] == '\t') vs++;
            int le = vs;
            int shortEnd = vs + SHORT_VALUE;
            while (le < shortEnd && (c = a[le]) != '\r') {
                if (!HttpChars.isFieldChar(c)) return fail(failures, "Invalid character in header field value");
                le++;
            }
            if (a[le] != '\r') {
                // A long value (Accept, Cookie, User-Agent: most of a browser's head): whole blocks of visible
                // characters eight at a time, then byte by byte from the first block that holds a control
                // character: the CR, an HTAB, or an error.
                while (le + 8 <= a.length && !EightBytes.hasControl(EightBytes.at(a, le))) le += 8;
                while ((c = a[le]) != '\r') {
                    if (!HttpChars.isFieldChar(c)) return fail(failures, "Invalid character in header field value");
                    le++;
                }
            }
            int ve = le;
            while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) ve--; // trailing whitespace is not the value
            if (known != null) known.see(a, ls, colon, count);
            offsets[4 * count] = ls;
            offsets[4 * count + 1] = colon;
            offsets[4 * count + 2] = vs;
            offsets[4 * count + 3] = ve;
            count++;
            ls = le + 2;
        }
        return new Headers(a, offsets, count);
    }

    private static Headers fail(FailureSink failures, String reason) {
        failures.fail(400, reason);
        return null;
    }
}
