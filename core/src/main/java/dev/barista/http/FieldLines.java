package dev.barista.http;

/**
 * Parses validated-by-scan field lines ({@code name: value CRLF}, RFC 9112 section 5) into a {@link Headers}
 * view: names must be tokens, values field characters, no obs-fold, no whitespace before the colon. Shared by
 * both parsers for heads and trailers.
 */
final class FieldLines {

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
        while (ls < to) {
            int le = Bytes.indexOf(a, ls, to, (byte) '\r');
            if (HttpChars.isWhitespace(a[ls])) return fail(failures, "Obsolete line folding is not allowed");
            int colon = Bytes.indexOf(a, ls, le, (byte) ':');
            if (colon < 0) return fail(failures, "Header field without colon");
            if (colon == ls) return fail(failures, "Empty header field name");
            for (int i = ls; i < colon; i++) {
                if (!HttpChars.isTchar(a[i])) return fail(failures, "Invalid character in header field name");
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && HttpChars.isWhitespace(a[vs])) vs++;
            while (ve > vs && HttpChars.isWhitespace(a[ve - 1])) ve--;
            for (int i = vs; i < ve; i++) {
                if (!HttpChars.isFieldChar(a[i])) return fail(failures, "Invalid character in header field value");
            }
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
