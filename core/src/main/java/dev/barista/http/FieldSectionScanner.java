package dev.barista.http;

import java.nio.ByteBuffer;

/**
 * Finds the end of a field section (a message head with its start line, or a trailer section) as bytes arrive,
 * validating line endings and enforcing the size and count limits on the way, so that the answer never depends
 * on how the bytes were split across reads. Shared by the request and response parsers; one per parser.
 *
 * <p>Offsets are relative to the buffer's position when the scan of this section began; the scan resumes where
 * it stopped on the next call, so a head is looked at once however it is fragmented.
 */
final class FieldSectionScanner {
    static final int NEED_MORE = -1;
    static final int FAILED = -2;

    private final HttpLimits limits;
    private final FailureSink failures;
    private final int maxLeadingEmptyLines;
    private final int startLineTooLongStatus;
    private final String startLineTooLongReason;

    private int scanned;
    private int startLineEnd = -1;
    private int lineStart;
    private int fieldLines;
    private int leadingEmptyLines;

    /**
     * @param maxLeadingEmptyLines empty lines skipped before a start line (requests: RFC 9112 2.2; responses: 0)
     * @param startLineTooLongStatus the status reported when the start line passes {@code maxRequestLineLength}
     */
    FieldSectionScanner(HttpLimits limits, FailureSink failures, int maxLeadingEmptyLines,
                        int startLineTooLongStatus, String startLineTooLongReason) {
        this.limits = limits;
        this.failures = failures;
        this.maxLeadingEmptyLines = maxLeadingEmptyLines;
        this.startLineTooLongStatus = startLineTooLongStatus;
        this.startLineTooLongReason = startLineTooLongReason;
    }

    /** True when nothing of the current section has been seen yet. */
    boolean isIdle() {
        return scanned == 0;
    }

    /** The start line's length (without its CRLF), once {@link #scan} has found the section's end. */
    int startLineEnd() {
        return startLineEnd;
    }

    void reset() {
        scanned = 0;
        startLineEnd = -1;
        lineStart = 0;
        fieldLines = 0;
        leadingEmptyLines = 0;
    }

    /**
     * Scans for the empty line that ends a field section. Returns the section's length (relative to the position,
     * including the final CRLF), {@link #NEED_MORE}, or {@link #FAILED} after reporting to the failure sink.
     * Skipped leading empty lines advance the buffer's position.
     */
    int scan(ByteBuffer in, boolean withStartLine) {
        byte[] a = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        int p = start + scanned;
        while (p < end) {
            byte b = a[p];
            if (b != '\r' && b != '\n') {
                p++;
                continue;
            }
            // A limit already passed by the bytes before p wins over whatever this byte says. A read that ended
            // earlier would have failed on the limit at the end of the loop without seeing this byte, and the
            // answer must not depend on how the bytes were split across reads.
            if (overLimit(p - start, withStartLine)) return FAILED;
            if (b == '\n') return fail(400, "Line ending without CR (bare LF)");
            if (p + 1 >= end) break; // the byte after CR decides; wait for it
            if (a[p + 1] != '\n') return fail(400, "Bare CR in message head");
            int lineLength = p - start - lineStart;
            if (withStartLine && startLineEnd < 0) {
                if (lineLength == 0) {
                    // Empty line before the start line: skip it, the message starts after it.
                    if (++leadingEmptyLines > maxLeadingEmptyLines) return fail(400, "Too many empty lines");
                    in.position(in.position() + 2);
                    start += 2;
                    p = start;
                    continue;
                }
                startLineEnd = p - start; // overLimit above has checked its length
            } else if (lineLength == 0) {
                int sectionEnd = p + 2 - start;
                if (sectionEnd - fieldSectionStart() > limits.maxHeaderSectionSize()) {
                    return fail(431, "Header section too large");
                }
                return sectionEnd;
            } else if (++fieldLines > limits.maxHeaderCount()) {
                return fail(431, "Too many header fields");
            }
            p += 2;
            lineStart = p - start;
        }
        scanned = p - start;
        return overLimit(scanned, withStartLine) ? FAILED : NEED_MORE;
    }

    /**
     * Fails when the {@code length} bytes scanned so far (relative to the position) are already past the limit
     * of the part being scanned: the start line, or the field section after it.
     */
    private boolean overLimit(int length, boolean withStartLine) {
        if (withStartLine && startLineEnd < 0) {
            if (length <= limits.maxRequestLineLength()) return false;
            failures.fail(startLineTooLongStatus, startLineTooLongReason);
        } else {
            if (length - fieldSectionStart() <= limits.maxHeaderSectionSize()) return false;
            failures.fail(431, "Header section too large");
        }
        return true;
    }

    private int fieldSectionStart() {
        return startLineEnd < 0 ? 0 : startLineEnd + 2;
    }

    private int fail(int status, String reason) {
        failures.fail(status, reason);
        return FAILED;
    }
}
