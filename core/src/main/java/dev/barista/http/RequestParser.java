package dev.barista.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental HTTP/1.1 request parser (RFC 9112): a pure function over a buffer, with no I/O.
 *
 * <p>{@link #parse} consumes bytes from the buffer's position and reports each message's parts to a
 * {@link MessageSink}. It returns {@link Progress#NEED_MORE} when the buffer ends mid-message (keep the
 * unconsumed bytes and call again with more appended), {@link Progress#MESSAGE_DONE} after each complete
 * message (so the caller decides whether to parse the next pipelined one), or {@link Progress#ERROR}, after
 * which {@link #error()} gives the status to answer with and every later call answers ERROR again: no byte
 * after a malformed or ambiguous message is ever read as a new request.
 *
 * <p>Strictness is what defeats request smuggling. Refused with 400: Transfer-Encoding together with
 * Content-Length, more than one Content-Length, a Content-Length that is not plain digits, Transfer-Encoding
 * in HTTP/1.0, chunked not last, chunk sizes that overflow or carry junk, obs-fold, whitespace before a
 * colon, invalid bytes in the method, target, names or values, bare CR, a bare LF (see below), a missing,
 * repeated or invalid Host in HTTP/1.1. Refused with 501: transfer codings other than chunked, CONNECT.
 * 505: versions other than 1.0 and 1.1. Limits give 414, 431 and 413 (see {@link HttpLimits}).
 *
 * <p>Bare-LF policy: RFC 9112 section 2.2 lets a recipient accept a lone LF as a line ending; Barista does
 * not, anywhere (request line, fields, chunk lines, trailers). A front end that accepts LF while Barista
 * did not (or the reverse) is exactly the disagreement smuggling needs, so a lone LF is a 400.
 *
 * <p>One parser per connection; not thread-safe. The buffer must be array-backed (heap).
 */
public final class RequestParser {

    /** What a call to {@link #parse} achieved. */
    public enum Progress { NEED_MORE, MESSAGE_DONE, ERROR }

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, FAILED }

    /** Empty lines tolerated before a request line (RFC 9112 2.2 says to ignore "at least one"). */
    private static final int MAX_LEADING_EMPTY_LINES = 8;
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private final HttpLimits limits;
    private State state = State.HEAD;
    private HttpError error;

    // Scan of a field section (a head, or trailers), offsets relative to the buffer position.
    private int scanned;
    private int firstLineEnd = -1;
    private int lineStart;
    private int fieldLines;
    private int leadingEmptyLines;

    // Body state.
    private long remaining;
    private long bodyReceived;

    public RequestParser(HttpLimits limits) {
        this.limits = limits;
    }

    public HttpLimits limits() {
        return limits;
    }

    /** Why parsing failed, once {@link #parse} has answered {@link Progress#ERROR}; otherwise null. */
    public HttpError error() {
        return error;
    }

    /** True between messages with nothing of the next one seen yet. */
    public boolean isIdle() {
        return state == State.HEAD && scanned == 0;
    }

    /** True while a message's body (or its trailers) is being received. */
    public boolean inBody() {
        return state != State.HEAD && state != State.FAILED;
    }

    /**
     * Parses from {@code in}'s position up to its limit, advancing the position past what was consumed.
     * Stops after at most one complete message.
     */
    public Progress parse(ByteBuffer in, MessageSink sink) {
        if (!in.hasArray()) throw new IllegalArgumentException("RequestParser needs a heap buffer");
        while (true) {
            Progress p = switch (state) {
                case HEAD -> parseHead(in, sink);
                case FIXED_BODY, CHUNK_DATA -> parseData(in, sink);
                case CHUNK_SIZE -> parseChunkSize(in);
                case CHUNK_END -> parseChunkEnd(in);
                case TRAILERS -> parseTrailers(in, sink);
                case FAILED -> Progress.ERROR;
            };
            if (p != null) return p;
        }
    }

    // ---- head ------------------------------------------------------------------------------------------

    private Progress parseHead(ByteBuffer in, MessageSink sink) {
        int headEnd = scanFieldSection(in, true);
        if (headEnd < 0) return headEnd == -1 ? Progress.NEED_MORE : Progress.ERROR;
        byte[] a = in.array();
        int start = in.arrayOffset() + in.position();
        RequestHead head = buildHead(a, start, start + headEnd);
        if (head == null) return Progress.ERROR;
        in.position(in.position() + headEnd);
        resetScan();
        sink.head(head);
        return switch (head.framing()) {
            case NONE -> endMessage(sink, Headers.EMPTY);
            case FIXED -> {
                if (head.contentLength() == 0) yield endMessage(sink, Headers.EMPTY);
                remaining = head.contentLength();
                state = State.FIXED_BODY;
                yield null;
            }
            case CHUNKED -> {
                bodyReceived = 0;
                state = State.CHUNK_SIZE;
                yield null;
            }
        };
    }

    /**
     * Scans for the empty line that ends a field section, validating line endings and enforcing the size
     * and count limits as bytes arrive. Returns the section's length (relative to the position, including
     * the final CRLF), -1 for "need more", -2 after failing.
     */
    private int scanFieldSection(ByteBuffer in, boolean withRequestLine) {
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
            if (overLimit(p - start, withRequestLine)) return -2;
            if (b == '\n') return failScan(400, "Line ending without CR (bare LF)");
            if (p + 1 >= end) break; // the byte after CR decides; wait for it
            if (a[p + 1] != '\n') return failScan(400, "Bare CR in message head");
            int lineLength = p - start - lineStart;
            if (withRequestLine && firstLineEnd < 0) {
                if (lineLength == 0) {
                    // Empty line before the request line: skip it, the message starts after it.
                    if (++leadingEmptyLines > MAX_LEADING_EMPTY_LINES) return failScan(400, "Too many empty lines");
                    in.position(in.position() + 2);
                    start += 2;
                    p = start;
                    continue;
                }
                firstLineEnd = p - start; // overLimit above has checked its length
            } else if (lineLength == 0) {
                int sectionEnd = p + 2 - start;
                if (sectionEnd - fieldSectionStart() > limits.maxHeaderSectionSize()) {
                    return failScan(431, "Header section too large");
                }
                return sectionEnd;
            } else if (++fieldLines > limits.maxHeaderCount()) {
                return failScan(431, "Too many header fields");
            }
            p += 2;
            lineStart = p - start;
        }
        scanned = p - start;
        return overLimit(scanned, withRequestLine) ? -2 : -1;
    }

    /**
     * Fails with 414 or 431 when the {@code length} bytes scanned so far (relative to the position) are already
     * past the limit of the part being scanned: the request line, or the field section after it.
     */
    private boolean overLimit(int length, boolean withRequestLine) {
        if (withRequestLine && firstLineEnd < 0) {
            if (length <= limits.maxRequestLineLength()) return false;
            fail(414, "Request line too long");
        } else {
            if (length - fieldSectionStart() <= limits.maxHeaderSectionSize()) return false;
            fail(431, "Header section too large");
        }
        return true;
    }

    private int fieldSectionStart() {
        return firstLineEnd < 0 ? 0 : firstLineEnd + 2;
    }

    private void resetScan() {
        scanned = 0;
        firstLineEnd = -1;
        lineStart = 0;
        fieldLines = 0;
        leadingEmptyLines = 0;
    }

    private RequestHead buildHead(byte[] a, int start, int headEnd) {
        int lineEnd = start + firstLineEnd;
        int sp1 = indexOf(a, start, lineEnd, (byte) ' ');
        if (sp1 <= start) return failHead(400, "Malformed request line");
        for (int i = start; i < sp1; i++) {
            if (!HttpChars.isTchar(a[i])) return failHead(400, "Invalid character in method");
        }
        int sp2 = indexOf(a, sp1 + 1, lineEnd, (byte) ' ');
        if (sp2 < 0) return failHead(400, "Malformed request line");
        if (sp2 == sp1 + 1) return failHead(400, "Empty request target");
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!HttpChars.isTargetChar(a[i])) return failHead(400, "Invalid character in request target");
        }
        HttpVersion version = parseVersion(a, sp2 + 1, lineEnd);
        if (version == null) return null;

        // Copy the head once; names and values stay offsets into this copy.
        byte[] copy = Arrays.copyOfRange(a, start, headEnd);
        int[] offsets = new int[4 * Math.max(fieldLines, 1)];
        int count = parseFieldLines(copy, firstLineEnd + 2, copy.length - 2, offsets);
        if (count < 0) return null;
        Headers headers = new Headers(copy, offsets, count);

        String method = internMethod(copy, 0, sp1 - start);
        String target = new String(copy, sp1 + 1 - start, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        return interpret(method, target, version, headers);
    }

    private HttpVersion parseVersion(byte[] a, int from, int to) {
        if (to - from == 8 && a[from] == 'H' && a[from + 1] == 'T' && a[from + 2] == 'T' && a[from + 3] == 'P'
                && a[from + 4] == '/' && isDigit(a[from + 5]) && a[from + 6] == '.' && isDigit(a[from + 7])) {
            if (a[from + 5] == '1' && a[from + 7] == '1') return HttpVersion.HTTP_1_1;
            if (a[from + 5] == '1' && a[from + 7] == '0') return HttpVersion.HTTP_1_0;
            failHead(505, "HTTP version not supported");
            return null;
        }
        failHead(400, "Malformed HTTP version");
        return null;
    }

    /**
     * Parses the field lines in {@code a[from, to)} (each ending in CRLF) into offsets.
     * Returns the field count, or -1 after failing.
     */
    private int parseFieldLines(byte[] a, int from, int to, int[] offsets) {
        int count = 0;
        int ls = from;
        while (ls < to) {
            int le = indexOf(a, ls, to, (byte) '\r');
            if (HttpChars.isWhitespace(a[ls])) return failCount(400, "Obsolete line folding is not allowed");
            int colon = indexOf(a, ls, le, (byte) ':');
            if (colon < 0) return failCount(400, "Header field without colon");
            if (colon == ls) return failCount(400, "Empty header field name");
            for (int i = ls; i < colon; i++) {
                if (!HttpChars.isTchar(a[i])) return failCount(400, "Invalid character in header field name");
            }
            int vs = colon + 1;
            int ve = le;
            while (vs < ve && HttpChars.isWhitespace(a[vs])) vs++;
            while (ve > vs && HttpChars.isWhitespace(a[ve - 1])) ve--;
            for (int i = vs; i < ve; i++) {
                if (!HttpChars.isFieldChar(a[i])) return failCount(400, "Invalid character in header field value");
            }
            offsets[4 * count] = ls;
            offsets[4 * count + 1] = colon;
            offsets[4 * count + 2] = vs;
            offsets[4 * count + 3] = ve;
            count++;
            ls = le + 2;
        }
        return count;
    }

    /** Applies the message-level rules: target form, Host, framing, persistence, expectations. */
    private RequestHead interpret(String method, String target, HttpVersion version, Headers headers) {
        String path;
        String query = null;
        String authority = null;
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) return failHead(400, "Asterisk target is only valid for OPTIONS");
            path = "*";
        } else if (method.equals("CONNECT")) {
            return failHead(501, "CONNECT is not supported");
        } else {
            int pathStart;
            if (target.charAt(0) == '/') {
                pathStart = 0;
            } else {
                int schemeEnd = absoluteFormAuthorityStart(target);
                if (schemeEnd < 0) return failHead(400, "Malformed request target");
                int authorityEnd = schemeEnd;
                while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                        && target.charAt(authorityEnd) != '?') authorityEnd++;
                authority = target.substring(schemeEnd, authorityEnd);
                if (authority.isEmpty() || authority.indexOf('@') >= 0 || !isValidAuthority(authority)) {
                    return failHead(400, "Invalid authority in request target");
                }
                pathStart = authorityEnd;
            }
            int q = target.indexOf('?', pathStart);
            path = q < 0 ? target.substring(pathStart) : target.substring(pathStart, q);
            if (path.isEmpty()) path = "/";
            if (q >= 0) query = target.substring(q + 1);
            if (target.indexOf('#') >= 0) return failHead(400, "Fragment in request target");
        }

        int hosts = headers.count("host");
        if (hosts > 1) return failHead(400, "Multiple Host header fields");
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) return failHead(400, "Missing Host header field");
        if (hosts == 1) {
            int i = headers.indexOfLowerCase("host", 0);
            byte[] b = headers.bytes();
            for (int k = headers.valueStart(i); k < headers.valueEnd(i); k++) {
                if (!HttpChars.isHostChar(b[k])) return failHead(400, "Invalid Host header field");
            }
            // An origin-form target's authority is the Host value: RequestHead reads it lazily from the headers.
        }

        RequestHead.BodyFraming framing = RequestHead.BodyFraming.NONE;
        long contentLength = 0;
        boolean hasTransferEncoding = headers.contains("transfer-encoding");
        int lengths = headers.count("content-length");
        if (hasTransferEncoding) {
            if (version == HttpVersion.HTTP_1_0) return failHead(400, "Transfer-Encoding in an HTTP/1.0 request");
            if (lengths > 0) return failHead(400, "Both Transfer-Encoding and Content-Length");
            if (!checkTransferCoding(headers)) return null;
            framing = RequestHead.BodyFraming.CHUNKED;
            contentLength = -1;
        } else if (lengths > 1) {
            return failHead(400, "Multiple Content-Length header fields");
        } else if (lengths == 1) {
            int i = headers.indexOfLowerCase("content-length", 0);
            contentLength = parseContentLength(headers.bytes(), headers.valueStart(i), headers.valueEnd(i));
            if (contentLength < 0) return failHead(400, "Invalid Content-Length");
            if (contentLength > limits.maxBodySize()) return failHead(413, "Request body too large");
            framing = RequestHead.BodyFraming.FIXED;
        }

        boolean close = headers.hasToken("connection", "close");
        boolean keepAlive = version == HttpVersion.HTTP_1_1
                ? !close
                : !close && headers.hasToken("connection", "keep-alive");

        boolean expectContinue = false;
        if (headers.contains("expect")) {
            if (!onlyContinueExpected(headers)) return failHead(417, "Unsupported expectation");
            // RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request is ignored.
            // Nothing to wait for when there is no body (or an empty one): no interim response then.
            expectContinue = version == HttpVersion.HTTP_1_1 && framing != RequestHead.BodyFraming.NONE
                    && contentLength != 0;
        }
        return new RequestHead(method, target, path, query, version, headers, authority, framing, contentLength,
                keepAlive, expectContinue);
    }

    /** Transfer-Encoding must list codings ending with exactly one chunked; others are unknown to us. */
    private boolean checkTransferCoding(Headers headers) {
        byte[] b = headers.bytes();
        boolean chunkedSeen = false;
        boolean chunkedLast = false;
        boolean unknown = false;
        for (int i = headers.indexOfLowerCase("transfer-encoding", 0); i >= 0;
             i = headers.indexOfLowerCase("transfer-encoding", i + 1)) {
            int from = headers.valueStart(i);
            int end = headers.valueEnd(i);
            while (from <= end) {
                int comma = from;
                while (comma < end && b[comma] != ',') comma++;
                int s = from;
                int e = comma;
                while (s < e && HttpChars.isWhitespace(b[s])) s++;
                while (e > s && HttpChars.isWhitespace(b[e - 1])) e--;
                if (s < e) {
                    if (HttpChars.equalsLowerCase(b, s, e, "chunked")) {
                        if (chunkedSeen) return failBool(400, "chunked applied more than once");
                        chunkedSeen = true;
                        chunkedLast = true;
                    } else {
                        chunkedLast = false;
                        unknown = true;
                    }
                }
                from = comma + 1;
            }
        }
        if (!chunkedLast) return failBool(400, "chunked must be the final transfer coding");
        if (unknown) return failBool(501, "Unsupported transfer coding");
        return true;
    }

    /**
     * Whether every member of every Expect line is 100-continue. Expect is a list (RFC 9110 10.1.1), and two lines
     * mean the same as one comma-joined line (RFC 9110 5.3): "Expect: 100-continue" followed by "Expect: foo" is as
     * unmeetable as "Expect: 100-continue, foo". Empty members are ignored; a field with none at all is refused.
     */
    private static boolean onlyContinueExpected(Headers headers) {
        byte[] b = headers.bytes();
        boolean any = false;
        for (int i = headers.indexOfLowerCase("expect", 0); i >= 0; i = headers.indexOfLowerCase("expect", i + 1)) {
            int from = headers.valueStart(i);
            int end = headers.valueEnd(i);
            while (from <= end) {
                int comma = from;
                while (comma < end && b[comma] != ',') comma++;
                int s = skipWhitespace(b, from, comma);
                int e = comma;
                while (e > s && HttpChars.isWhitespace(b[e - 1])) e--;
                if (s < e) {
                    if (!HttpChars.equalsLowerCase(b, s, e, "100-continue")) return false;
                    any = true;
                }
                from = comma + 1;
            }
        }
        return any;
    }

    private static long parseContentLength(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0 || n > MAX_CONTENT_LENGTH_DIGITS) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(b[i])) return -1;
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    // ---- body ------------------------------------------------------------------------------------------

    private Progress parseData(ByteBuffer in, MessageSink sink) {
        int available = in.remaining();
        if (available == 0) return Progress.NEED_MORE;
        int n = (int) Math.min(available, remaining);
        int pos = in.position();
        sink.content(in.slice(pos, n).asReadOnlyBuffer());
        in.position(pos + n);
        remaining -= n;
        if (remaining > 0) return Progress.NEED_MORE;
        if (state == State.FIXED_BODY) return endMessage(sink, Headers.EMPTY);
        state = State.CHUNK_END;
        return null;
    }

    private Progress parseChunkSize(ByteBuffer in) {
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
            return Progress.NEED_MORE;
        }
        if (a[p] == '\n') return fail(400, "Line ending without CR (bare LF)");
        if (p + 1 >= end) return Progress.NEED_MORE;
        if (a[p + 1] != '\n') return fail(400, "Bare CR in chunk size line");

        long size = 0;
        int i = start;
        int significant = 0;
        while (i < p && hexValue(a[i]) >= 0) {
            int d = hexValue(a[i]);
            if (size != 0 || d != 0) significant++;
            if (significant > 15) return fail(400, "Chunk size too large");
            size = (size << 4) | d;
            i++;
        }
        if (i == start) return fail(400, "Missing chunk size");
        if (!validChunkExtensions(a, i, p)) return fail(400, "Malformed chunk extension");
        // Compared before adding, so a total near Long.MAX_VALUE cannot wrap around the check.
        if (size > limits.maxBodySize() - bodyReceived) return fail(413, "Request body too large");
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
            i = skipWhitespace(a, i, end);
            if (i == end || a[i] != ';') return false;
            i = skipWhitespace(a, i + 1, end);
            int nameStart = i;
            while (i < end && HttpChars.isTchar(a[i])) i++;
            if (i == nameStart) return false;
            int afterName = skipWhitespace(a, i, end);
            if (afterName < end && a[afterName] == '=') {
                i = skipWhitespace(a, afterName + 1, end);
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

    private Progress parseChunkEnd(ByteBuffer in) {
        byte[] a = in.array();
        int p = in.arrayOffset() + in.position();
        int available = in.remaining();
        if (available >= 1 && a[p] != '\r') return fail(400, "Chunk data not followed by CRLF");
        if (available < 2) return Progress.NEED_MORE;
        if (a[p + 1] != '\n') return fail(400, "Chunk data not followed by CRLF");
        in.position(in.position() + 2);
        state = State.CHUNK_SIZE;
        return null;
    }

    private Progress parseTrailers(ByteBuffer in, MessageSink sink) {
        int sectionEnd = scanFieldSection(in, false);
        if (sectionEnd < 0) return sectionEnd == -1 ? Progress.NEED_MORE : Progress.ERROR;
        Headers trailers = Headers.EMPTY;
        if (sectionEnd > 2) {
            byte[] a = in.array();
            int start = in.arrayOffset() + in.position();
            byte[] copy = Arrays.copyOfRange(a, start, start + sectionEnd);
            int[] offsets = new int[4 * fieldLines];
            int count = parseFieldLines(copy, 0, copy.length - 2, offsets);
            if (count < 0) return Progress.ERROR;
            trailers = new Headers(copy, offsets, count);
        }
        in.position(in.position() + sectionEnd);
        resetScan();
        return endMessage(sink, trailers);
    }

    private Progress endMessage(MessageSink sink, Headers trailers) {
        state = State.HEAD;
        sink.end(trailers);
        return Progress.MESSAGE_DONE;
    }

    // ---- failures --------------------------------------------------------------------------------------

    private Progress fail(int status, String reason) {
        state = State.FAILED;
        error = new HttpError(status, reason);
        return Progress.ERROR;
    }

    private int failScan(int status, String reason) {
        fail(status, reason);
        return -2;
    }

    private RequestHead failHead(int status, String reason) {
        fail(status, reason);
        return null;
    }

    private int failCount(int status, String reason) {
        fail(status, reason);
        return -1;
    }

    private boolean failBool(int status, String reason) {
        fail(status, reason);
        return false;
    }

    // ---- bytes -----------------------------------------------------------------------------------------

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) return i;
        }
        return -1;
    }

    private static int skipWhitespace(byte[] a, int i, int end) {
        while (i < end && HttpChars.isWhitespace(a[i])) i++;
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    /** absolute-form: "http://" or "https://" (case-insensitive); returns where the authority starts or -1. */
    private static int absoluteFormAuthorityStart(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) return 7;
        if (target.regionMatches(true, 0, "https://", 0, 8)) return 8;
        return -1;
    }

    private static boolean isValidAuthority(String authority) {
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c > 0x7F || !HttpChars.isHostChar((byte) c)) return false;
        }
        return true;
    }

    /** Returns a shared String for the common methods, so routing compares without allocating. */
    private static String internMethod(byte[] a, int from, int length) {
        switch (length) {
            case 3:
                if (a[from] == 'G' && a[from + 1] == 'E' && a[from + 2] == 'T') return "GET";
                if (a[from] == 'P' && a[from + 1] == 'U' && a[from + 2] == 'T') return "PUT";
                break;
            case 4:
                if (a[from] == 'P' && a[from + 1] == 'O' && a[from + 2] == 'S' && a[from + 3] == 'T') return "POST";
                if (a[from] == 'H' && a[from + 1] == 'E' && a[from + 2] == 'A' && a[from + 3] == 'D') return "HEAD";
                break;
            default:
                break;
        }
        String m = new String(a, from, length, StandardCharsets.US_ASCII);
        return switch (m) {
            case "DELETE" -> "DELETE";
            case "OPTIONS" -> "OPTIONS";
            case "PATCH" -> "PATCH";
            case "CONNECT" -> "CONNECT";
            case "TRACE" -> "TRACE";
            default -> m;
        };
    }
}
