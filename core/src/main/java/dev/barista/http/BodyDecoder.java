package dev.barista.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes one message body after its head: a fixed length, chunked (sizes, extensions, data, trailers), or, for
 * responses only, everything until the connection closes. Delivers de-chunked slices to a {@link BodySink} and
 * says when the body is complete; the owning parser then ends the message. Shared by both parsers.
 *
 * <p>Chunk lines obey the same bare-LF/bare-CR policy as heads; a size with more than 15 significant hex digits,
 * a missing size, malformed extensions, data not followed by CRLF and a line over {@code maxChunkLineLength} are
 * 400; a chunked total over {@code maxBodySize} is 413 (checked before adding, so it cannot wrap).
 */
final class BodyDecoder {

    /** What a call to {@link #decode} achieved. */
    enum Result { NEED_MORE, COMPLETE, FAILED }

    private enum State { IDLE, FIXED, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS }

    private final HttpLimits limits;
    private final FailureSink failures;
    private final FieldSectionScanner scanner;
    private final String tooLargeReason;
    private final FieldLines trailerLines = new FieldLines();
    private State state = State.IDLE;
    private long remaining;
    private long bodyReceived;
    private Headers trailers = Headers.EMPTY;

    /** @param scanner the owning parser's scanner, idle between messages, reused for trailer sections */
    BodyDecoder(HttpLimits limits, FailureSink failures, FieldSectionScanner scanner, String tooLargeReason) {
        this.limits = limits;
        this.failures = failures;
        this.scanner = scanner;
        this.tooLargeReason = tooLargeReason;
    }

    void startFixed(long length) {
        remaining = length;
        state = State.FIXED;
    }

    void startChunked() {
        bodyReceived = 0;
        state = State.CHUNK_SIZE;
    }

    void startUntilClose() {
        bodyReceived = 0;
        state = State.UNTIL_CLOSE;
    }

    /** True while the body is read until the connection closes. */
    boolean untilClose() {
        return state == State.UNTIL_CLOSE;
    }

    /** The trailers of the body just completed (empty unless chunked with trailer fields). */
    Headers trailers() {
        return trailers;
    }

    /** Marks an until-close body complete (the input ended); the parser then ends the message. */
    void endOfInput() {
        assert state == State.UNTIL_CLOSE;
        trailers = Headers.EMPTY;
        state = State.IDLE;
    }

    Result decode(ByteBuffer in, BodySink sink) {
        while (true) {
            Result r = switch (state) {
                case FIXED, CHUNK_DATA -> decodeData(in, sink);
                case UNTIL_CLOSE -> decodeUntilClose(in, sink);
                case CHUNK_SIZE -> decodeChunkSize(in);
                case CHUNK_END -> decodeChunkEnd(in);
                case TRAILERS -> decodeTrailers(in);
                case IDLE -> throw new IllegalStateException("no body started");
            };
            if (r != null) return r;
        }
    }

    private Result decodeData(ByteBuffer in, BodySink sink) {
        int available = in.remaining();
        if (available == 0) return Result.NEED_MORE;
        int n = (int) Math.min(available, remaining);
        int pos = in.position();
        sink.content(in.slice(pos, n).asReadOnlyBuffer());
        in.position(pos + n);
        remaining -= n;
        if (remaining > 0) return Result.NEED_MORE;
        if (state == State.FIXED) return complete(Headers.EMPTY);
        state = State.CHUNK_END;
        return null;
    }

    private Result decodeUntilClose(ByteBuffer in, BodySink sink) {
        int n = in.remaining();
        if (n == 0) return Result.NEED_MORE;
        if (n > limits.maxBodySize() - bodyReceived) return fail(413, tooLargeReason);
        bodyReceived += n;
        int pos = in.position();
        sink.content(in.slice(pos, n).asReadOnlyBuffer());
        in.position(pos + n);
        return Result.NEED_MORE;
    }

    private Result decodeChunkSize(ByteBuffer in) {
        byte[] a = in.array();
        int start = in.arrayOffset() + in.position();
        int end = in.arrayOffset() + in.limit();
        // A line of exactly maxChunkLineLength bytes is allowed, so its CR may sit at start + maxChunkLineLength:
        // look one byte further than the limit, and fail only once more than the limit has arrived without a CR.
        int max = Math.min(end, start + limits.maxChunkLineLength() + 1);
        int p = start;
        while (p < max && a[p] != '\r' && a[p] != '\n') p++;
        if (p == max) {
            if (end - start > limits.maxChunkLineLength()) return fail(400, "Chunk size line too long");
            return Result.NEED_MORE;
        }
        if (a[p] == '\n') return fail(400, "Line ending without CR (bare LF)");
        if (p + 1 >= end) return Result.NEED_MORE;
        if (a[p + 1] != '\n') return fail(400, "Bare CR in chunk size line");

        long size = 0;
        int i = start;
        int significant = 0;
        while (i < p && Bytes.hexValue(a[i]) >= 0) {
            int d = Bytes.hexValue(a[i]);
            if (size != 0 || d != 0) significant++;
            if (significant > 15) return fail(400, "Chunk size too large");
            size = (size << 4) | d;
            i++;
        }
        if (i == start) return fail(400, "Missing chunk size");
        if (!validChunkExtensions(a, i, p)) return fail(400, "Malformed chunk extension");
        // Compared before adding, so a total near Long.MAX_VALUE cannot wrap around the check.
        if (size > limits.maxBodySize() - bodyReceived) return fail(413, tooLargeReason);
        bodyReceived += size;
        in.position(in.position() + (p + 2 - start));
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return null;
    }

    /** chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ), RFC 9112 7.1.1. */
    private static boolean validChunkExtensions(byte[] a, int i, int end) {
        while (i < end) {
            i = Bytes.skipWhitespace(a, i, end);
            if (i == end || a[i] != ';') return false;
            i = Bytes.skipWhitespace(a, i + 1, end);
            int nameStart = i;
            while (i < end && HttpChars.isTchar(a[i])) i++;
            if (i == nameStart) return false;
            int afterName = Bytes.skipWhitespace(a, i, end);
            if (afterName < end && a[afterName] == '=') {
                i = Bytes.skipWhitespace(a, afterName + 1, end);
                if (i < end && a[i] == '"') {
                    i = endOfQuotedString(a, i, end);
                    if (i < 0) return false;
                } else {
                    int valueStart = i;
                    while (i < end && HttpChars.isTchar(a[i])) i++;
                    if (i == valueStart) return false;
                }
            } else if (afterName < end && a[afterName] != ';') {
                return false;
            } else if (afterName == end && afterName != i) {
                return false; // trailing whitespace with nothing after it
            }
        }
        return true;
    }

    /** Returns the index after the closing quote of a quoted-string starting at {@code i}, or -1. */
    private static int endOfQuotedString(byte[] a, int i, int end) {
        i++;
        while (i < end) {
            byte b = a[i];
            if (b == '"') return i + 1;
            if (b == '\\') {
                if (i + 1 >= end || !HttpChars.isFieldChar(a[i + 1])) return -1;
                i += 2;
            } else if (HttpChars.isFieldChar(b)) {
                i++;
            } else {
                return -1;
            }
        }
        return -1;
    }

    private Result decodeChunkEnd(ByteBuffer in) {
        byte[] a = in.array();
        int p = in.arrayOffset() + in.position();
        int available = in.remaining();
        if (available >= 1 && a[p] != '\r') return fail(400, "Chunk data not followed by CRLF");
        if (available < 2) return Result.NEED_MORE;
        if (a[p + 1] != '\n') return fail(400, "Chunk data not followed by CRLF");
        in.position(in.position() + 2);
        state = State.CHUNK_SIZE;
        return null;
    }

    private Result decodeTrailers(ByteBuffer in) {
        int sectionEnd = scanner.scan(in, false);
        if (sectionEnd == FieldSectionScanner.NEED_MORE) return Result.NEED_MORE;
        if (sectionEnd == FieldSectionScanner.FAILED) return Result.FAILED;
        Headers fields = Headers.EMPTY;
        if (sectionEnd > 2) {
            byte[] a = in.array();
            int start = in.arrayOffset() + in.position();
            byte[] copy = Arrays.copyOfRange(a, start, start + sectionEnd);
            if (trailerLines.parse(copy, 0, copy.length, 0, failures, null) == FieldLines.NONE) return Result.FAILED;
            fields = trailerLines.headers(copy);
        }
        in.position(in.position() + sectionEnd);
        scanner.reset();
        return complete(fields);
    }

    private Result complete(Headers trailerFields) {
        trailers = trailerFields;
        state = State.IDLE;
        return Result.COMPLETE;
    }

    private Result fail(int status, String reason) {
        failures.fail(status, reason);
        return Result.FAILED;
    }
}
