package dev.barista.http;

import java.util.Arrays;

/**
 * Parses field lines ({@code name: value CRLF}, RFC 9112 section 5) up to the empty line that ends them: names
 * must be tokens, values field characters, no obs-fold, no whitespace before the colon. Shared by both parsers
 * for heads and trailers; one per parser, its offsets array reused from message to message.
 *
 * <p>Two kinds of caller. One hands it a section the {@link FieldSectionScanner} has already found whole (every
 * line ends in CRLF, no bare CR or LF, within the limits) and gets every failure reported. The other is the
 * request parser's one pass over a head that may not have arrived whole, with a quiet failure sink: then "not
 * a valid, complete section before {@code limit}" is all it learns, and the scanner's path takes over.
 */
final class FieldLines {
    /** What {@link #parse} returns when it did not find a valid section. */
    static final int NONE = -1;

    /** Values up to this long (Host, Connection, Content-Length) are checked byte by byte: blocks do not pay. */
    private static final int SHORT_VALUE = 16;

    /** Four ints per field: name start, name end, value start, value end; relative to the parse's base. */
    private int[] offsets = new int[4 * 8];
    private int count;

    /**
     * Parses the field lines from {@code a[from]} through the empty line that ends them, which must end before
     * {@code limit}. Offsets are noted relative to {@code base} (where the bytes start in the array that
     * {@link #headers} is given). Returns the index just past the empty line's CRLF, or {@link #NONE} after
     * reporting a failure.
     */
    int parse(byte[] a, int from, int limit, int base, FailureSink failures, KnownFields known) {
        if (known != null) known.reset();
        count = 0;
        int ls = from;
        // One pass over each line, with the reasons in the order the rules are stated: fold, colon, name, value.
        while (true) {
            if (ls + 1 >= limit) return unended(failures);
            byte c = a[ls];
            if (c == '\r') {
                if (a[ls + 1] != '\n') return unended(failures);
                return ls + 2;
            }
            if (HttpChars.isWhitespace(c)) return fail(failures, "Obsolete line folding is not allowed");
            // The name: token characters up to the colon. Anything else stops the loop, and the rest of the line
            // says which rule it breaks.
            int colon = ls;
            while (colon < limit && HttpChars.isTchar(a[colon])) colon++;
            if (colon == limit) return unended(failures);
            if (a[colon] != ':') return nameFailure(a, colon, limit, failures);
            if (colon == ls) return fail(failures, "Empty header field name");
            int vs = colon + 1;
            while (vs < limit && (a[vs] == ' ' || a[vs] == '\t')) vs++;
            // The value: field characters up to the CR, which is not one (nor is anything a value may not hold).
            int le = vs;
            int shortEnd = Math.min(vs + SHORT_VALUE, limit);
            while (le < shortEnd && HttpChars.isFieldChar(a[le])) le++;
            if (le == shortEnd && le < limit && a[le] != '\r') {
                // A long value (Accept, Cookie, User-Agent: most of a browser's head): whole blocks of visible
                // characters eight at a time, then byte by byte from the first block that holds a control
                // character: the CR, an HTAB, or an error.
                while (le + 8 <= limit && !EightBytes.hasControl(EightBytes.at(a, le))) le += 8;
                while (le < limit && HttpChars.isFieldChar(a[le])) le++;
            }
            if (le + 1 >= limit) return unended(failures);
            if (a[le] != '\r') return fail(failures, "Invalid character in header field value");
            if (a[le + 1] != '\n') return unended(failures);
            int ve = le;
            while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) ve--; // trailing whitespace is not the value
            if (known != null) known.see(a, ls, colon, count);
            note(ls - base, colon - base, vs - base, ve - base);
            ls = le + 2;
        }
    }

    /** How many fields the last {@link #parse} found. */
    int count() {
        return count;
    }

    /** The fields the last {@link #parse} found, as headers over {@code bytes} (the array its base is in). */
    Headers headers(byte[] bytes) {
        return count == 0 ? Headers.EMPTY : new Headers(bytes, Arrays.copyOf(offsets, 4 * count), count);
    }

    private void note(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        int i = 4 * count;
        if (i == offsets.length) offsets = Arrays.copyOf(offsets, 2 * offsets.length);
        offsets[i] = nameStart;
        offsets[i + 1] = nameEnd;
        offsets[i + 2] = valueStart;
        offsets[i + 3] = valueEnd;
        count++;
    }

    /** A name that stopped at something other than its colon: a line without one, or a character no token has. */
    private static int nameFailure(byte[] a, int from, int limit, FailureSink failures) {
        for (int i = from; i < limit; i++) {
            if (a[i] == '\r') return fail(failures, "Header field without colon");
            if (a[i] == ':') return fail(failures, "Invalid character in header field name");
        }
        return unended(failures);
    }

    /**
     * A line without its CRLF before the limit, or a CR without LF. The scanner refuses those (bare CR) or waits
     * (cut off) before a reporting caller gets here: only a quiet pass meets this.
     */
    private static int unended(FailureSink failures) {
        return fail(failures, "Field line not ended by CRLF");
    }

    private static int fail(FailureSink failures, String reason) {
        failures.fail(400, reason);
        return NONE;
    }
}
