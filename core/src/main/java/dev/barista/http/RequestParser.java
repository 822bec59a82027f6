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

    private enum State { HEAD, BODY, FAILED }

    /** For the one pass over a head that may not be whole or valid: its failures are the scanner path's to report. */
    private static final FailureSink QUIET = (status, reason) -> { };

    /** Empty lines tolerated before a request line (RFC 9112 2.2 says to ignore "at least one"). */
    private static final int MAX_LEADING_EMPTY_LINES = 8;

    /** Field sections up to this size are kept to compare the next head with (see {@link #last}). */
    private static final int MAX_REPEATED_FIELDS = 1024;

    private final HttpLimits limits;
    private final FailureSink failures = this::fail;
    private final FieldSectionScanner scanner;
    private final BodyDecoder body;
    private final KnownFields known = new KnownFields();
    private final FieldLines fields = new FieldLines();
    private final KnownTargets targets;
    private State state = State.HEAD;
    private HttpError error;
    /** Where the head {@link #buildHead} last parsed ended: the index in the buffer's array after its empty line. */
    private int headEnd;
    /**
     * The last head accepted, while {@link #known} still describes its fields; null otherwise. A client on a
     * kept-alive connection sends the same field lines with most requests (HPACK's dynamic table exists for that),
     * and often the whole head again (polling, health checks, load generators). Identical bytes parse identically,
     * so a head byte for byte this one is answered with this one, and field lines byte for byte its fields with
     * its {@link Headers}: immutable, shared by the requests that sent them, never reused for other bytes.
     */
    private RequestHead last;

    public RequestParser(HttpLimits limits) {
        this(limits, KnownTargets.NONE);
    }

    /** @param targets request targets to reuse as Strings rather than allocate (a server's literal routes) */
    public RequestParser(HttpLimits limits, KnownTargets targets) {
        this.limits = limits;
        this.targets = targets;
        this.scanner = new FieldSectionScanner(limits, failures, MAX_LEADING_EMPTY_LINES, 414, "Request line too long");
        this.body = new BodyDecoder(limits, failures, scanner, FramingRules.REQUEST.bodyTooLargeReason());
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
        return state == State.HEAD && scanner.isIdle();
    }

    /** True while a message's body (or its trailers) is being received. */
    public boolean inBody() {
        return state == State.BODY;
    }

    /**
     * Parses from {@code in}'s position up to its limit, advancing the position past what was consumed.
     * Stops after at most one complete message.
     */
    public Progress parse(ByteBuffer in, MessageSink sink) {
        if (!in.hasArray()) throw new IllegalArgumentException("RequestParser needs a heap buffer");
        return switch (state) {
            case HEAD -> parseHead(in, sink);
            case BODY -> parseBody(in, sink);
            case FAILED -> Progress.ERROR;
        };
    }

    // ---- head ------------------------------------------------------------------------------------------

    private Progress parseHead(ByteBuffer in, MessageSink sink) {
        byte[] a = in.array();
        RequestHead head = null;
        if (scanner.isIdle()) {
            // Most heads arrive whole in one read: one quiet pass finds the line ends while it checks the lines.
            // Anything else (a head cut off by the read, a refused one, a limit reached) is left to the scanner's
            // path below, which gives every answer: both accept exactly the same heads.
            int start = in.arrayOffset() + in.position();
            head = buildHead(a, start, in.arrayOffset() + in.limit(), QUIET);
        }
        if (head == null) {
            int headLength = scanner.scan(in, true);
            if (headLength == FieldSectionScanner.NEED_MORE) return Progress.NEED_MORE;
            if (headLength == FieldSectionScanner.FAILED) return Progress.ERROR;
            int start = in.arrayOffset() + in.position(); // after the empty lines the scan skipped
            head = buildHead(a, start, start + headLength, failures);
            if (head == null) return Progress.ERROR;
        }
        in.position(headEnd - in.arrayOffset());
        scanner.reset();
        sink.head(head);
        return switch (head.framing()) {
            case NONE -> endMessage(sink, Headers.EMPTY);
            case FIXED -> {
                if (head.contentLength() == 0) yield endMessage(sink, Headers.EMPTY);
                body.startFixed(head.contentLength());
                state = State.BODY;
                yield parseBody(in, sink);
            }
            case CHUNKED -> {
                body.startChunked();
                state = State.BODY;
                yield parseBody(in, sink);
            }
        };
    }

    /**
     * Parses the head starting at {@code a[start]} in one pass: the request line, the field lines and the empty
     * line, all before {@code limit}; notes where it ended in {@link #headEnd}. With the parser's own failure
     * sink the scanner has already found the head whole and within the limits; with {@link #QUIET} the bytes are
     * whatever the read brought, and the limits the scanner would enforce bound the pass instead.
     */
    private RequestHead buildHead(byte[] a, int start, int limit, FailureSink report) {
        RequestHead last = this.last;
        if (last != null) {
            int fieldsAt = sameLine(a, start, limit, last);
            if (fieldsAt >= 0 && sameFields(a, fieldsAt, limit, last.headers())) {
                headEnd = fieldsAt + last.headers().bytes().length;
                return last;
            }
        }
        int lineLimit = Math.min(limit, start + limits.maxRequestLineLength() + 2); // the CRLF after the longest
        int sp1 = start;
        while (sp1 < lineLimit && HttpChars.isTchar(a[sp1])) sp1++;
        if (sp1 == lineLimit) return failHead(report, 400, "Malformed request line");
        if (a[sp1] != ' ') {
            return failHead(report, 400, spaceBeforeLineEnd(a, sp1, lineLimit)
                    ? "Invalid character in method" : "Malformed request line");
        }
        if (sp1 == start) return failHead(report, 400, "Malformed request line");
        int sp2 = sp1 + 1;
        while (sp2 < lineLimit && HttpChars.isPathChar(a[sp2])) sp2++;
        int pathEnd = sp2; // a '?' or '#' here, or the end of the target
        while (sp2 < lineLimit && HttpChars.isTargetChar(a[sp2])) sp2++;
        if (sp2 == lineLimit) return failHead(report, 400, "Malformed request line");
        if (a[sp2] != ' ') {
            return failHead(report, 400, spaceBeforeLineEnd(a, sp2, lineLimit)
                    ? "Invalid character in request target" : "Malformed request line");
        }
        if (sp2 == sp1 + 1) return failHead(report, 400, "Empty request target");
        int lineEnd = sp2 + 1;
        while (lineEnd < lineLimit && a[lineEnd] != '\r' && a[lineEnd] != '\n') lineEnd++;
        if (lineEnd + 1 >= lineLimit || a[lineEnd] != '\r' || a[lineEnd + 1] != '\n') {
            return failHead(report, 400, "Request line not ended by CRLF"); // the scanner's path answers first
        }
        HttpVersion version = HttpVersion.parse(a, sp2 + 1, lineEnd, report);
        if (version == null) return null;

        // The field lines, through the empty line; then copied once (the request line lives on as the method
        // and target Strings), names and values staying offsets into the copy.
        int fieldsStart = lineEnd + 2;
        int fieldsLimit = Math.min(limit, fieldsStart + limits.maxHeaderSectionSize());
        Headers headers;
        if (last != null && sameFields(a, fieldsStart, fieldsLimit, last.headers())) {
            headers = last.headers(); // and known still describes them
            headEnd = fieldsStart + headers.bytes().length;
        } else {
            this.last = null; // known is about to describe other fields
            int end = fields.parse(a, fieldsStart, fieldsLimit, fieldsStart, report, known);
            if (end == FieldLines.NONE) return null;
            // The scanner's limit, met here by a quiet pass only (the scanner has refused such a head before).
            if (fields.count() > limits.maxHeaderCount()) return failHead(report, 431, "Too many header fields");
            headEnd = end;
            headers = fields.count() == 0 ? Headers.EMPTY : fields.headers(Arrays.copyOfRange(a, fieldsStart, end));
        }

        String method = internMethod(a, start, sp1 - start);
        String target = targets.find(a, sp1 + 1, sp2);
        if (target == null) target = new String(a, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        int queryAt = pathEnd < sp2 && a[pathEnd] == '?' ? pathEnd - sp1 - 1 : -1;
        boolean fragment = pathEnd < sp2 && Bytes.indexOf(a, pathEnd, sp2, (byte) '#') >= 0;
        RequestHead head = interpret(method, target, queryAt, fragment, version, headers, report);
        // Kept for the next head if its fields are small: an idle connection holds on to them.
        if (head != null && headers != Headers.EMPTY && headers.bytes().length <= MAX_REPEATED_FIELDS) this.last = head;
        return head;
    }

    /**
     * Where the field lines start if {@code a[start..limit)} begins with {@code last}'s request line, else -1. The
     * line was valid then, so it is now: its parts compare as the Strings they became (Latin-1, one char a byte).
     */
    private static int sameLine(byte[] a, int start, int limit, RequestHead last) {
        int p = sameText(a, start, limit, last.method());
        if (p < 0 || p >= limit || a[p] != ' ') return -1;
        p = sameText(a, p + 1, limit, last.target());
        if (p < 0 || p >= limit || a[p] != ' ') return -1;
        p = sameText(a, p + 1, limit, last.version().text());
        if (p < 0 || p + 1 >= limit || a[p] != '\r' || a[p + 1] != '\n') return -1;
        return p + 2;
    }

    /** The index after {@code text} if {@code a[from..limit)} begins with it, else -1. */
    private static int sameText(byte[] a, int from, int limit, String text) {
        int n = text.length();
        if (n > limit - from) return -1;
        for (int i = 0; i < n; i++) {
            if (a[from + i] != (byte) text.charAt(i)) return -1;
        }
        return from + n;
    }

    /** Whether {@code a[from..limit)} begins with the field lines (and the empty line) {@code headers} came from. */
    private static boolean sameFields(byte[] a, int from, int limit, Headers headers) {
        byte[] b = headers.bytes();
        return b.length <= limit - from && Arrays.equals(a, from, from + b.length, b, 0, b.length);
    }

    /** Whether a space comes before the request line's end: what tells a bad character from a missing part. */
    private static boolean spaceBeforeLineEnd(byte[] a, int from, int limit) {
        for (int i = from; i < limit && a[i] != '\r' && a[i] != '\n'; i++) {
            if (a[i] == ' ') return true;
        }
        return false;
    }

    /**
     * Applies the message-level rules: target form, Host, framing, persistence, expectations.
     *
     * @param queryAt where in the target its first '?' is, or -1
     * @param fragment whether the target holds a '#'
     */
    private RequestHead interpret(String method, String target, int queryAt, boolean fragment, HttpVersion version,
                                  Headers headers, FailureSink report) {
        String path;
        String query = null;
        String authority = null;
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) return failHead(report, 400, "Asterisk target is only valid for OPTIONS");
            path = "*";
        } else if (method.equals("CONNECT")) {
            return failHead(report, 501, "CONNECT is not supported");
        } else {
            int pathStart;
            if (target.charAt(0) == '/') {
                pathStart = 0;
            } else {
                int schemeEnd = absoluteFormAuthorityStart(target);
                if (schemeEnd < 0) return failHead(report, 400, "Malformed request target");
                int authorityEnd = schemeEnd;
                while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
                        && target.charAt(authorityEnd) != '?') authorityEnd++;
                authority = target.substring(schemeEnd, authorityEnd);
                if (authority.isEmpty() || authority.indexOf('@') >= 0 || !isValidAuthority(authority)) {
                    return failHead(report, 400, "Invalid authority in request target");
                }
                pathStart = authorityEnd;
            }
            // An authority ends at the first '?', so the target's first one starts the query in both forms.
            path = queryAt < 0 ? target.substring(pathStart) : target.substring(pathStart, queryAt);
            if (path.isEmpty()) path = "/";
            if (queryAt >= 0) query = target.substring(queryAt + 1);
            if (fragment) return failHead(report, 400, "Fragment in request target");
        }

        int hosts = known.count(KnownFields.HOST);
        if (hosts > 1) return failHead(report, 400, "Multiple Host header fields");
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) return failHead(report, 400, "Missing Host header field");
        if (hosts == 1) {
            int i = known.first(KnownFields.HOST);
            byte[] b = headers.bytes();
            for (int k = headers.valueStart(i); k < headers.valueEnd(i); k++) {
                if (!HttpChars.isHostChar(b[k])) return failHead(report, 400, "Invalid Host header field");
            }
            // An origin-form target's authority is the Host value: RequestHead reads it lazily from the headers.
        }

        long length = FramingRules.REQUEST.bodyLength(headers, known, version, limits.maxBodySize(), report);
        if (length == FramingRules.FAILED) return null;
        RequestHead.BodyFraming framing;
        long contentLength;
        if (length == FramingRules.CHUNKED) {
            framing = RequestHead.BodyFraming.CHUNKED;
            contentLength = -1;
        } else if (length == FramingRules.NO_FRAMING_FIELDS) {
            framing = RequestHead.BodyFraming.NONE;
            contentLength = 0;
        } else {
            framing = RequestHead.BodyFraming.FIXED;
            contentLength = length;
        }

        boolean keepAlive = Persistence.keepAlive(headers, known, version);

        boolean expectContinue = false;
        if (known.count(KnownFields.EXPECT) > 0) {
            if (!onlyContinueExpected(headers)) return failHead(report, 417, "Unsupported expectation");
            // RFC 9110 10.1.1: a 100-continue expectation in an HTTP/1.0 request is ignored.
            // Nothing to wait for when there is no body (or an empty one): no interim response then.
            expectContinue = version == HttpVersion.HTTP_1_1 && framing != RequestHead.BodyFraming.NONE
                    && contentLength != 0;
        }
        return new RequestHead(method, target, path, query, version, headers, authority, framing, contentLength,
                keepAlive, expectContinue);
    }

    /**
     * Whether every member of every Expect line is 100-continue. Expect is a list (RFC 9110 10.1.1), and two lines
     * mean the same as one comma-joined line (RFC 9110 5.3): "Expect: 100-continue" followed by "Expect: foo" is as
     * unmeetable as "Expect: 100-continue, foo". Empty members are ignored; a field with none at all is refused.
     */
    private static boolean onlyContinueExpected(Headers headers) {
        boolean any = false;
        for (ListMembers expectation = ListMembers.of(headers, "expect"); expectation.next(); ) {
            if (!expectation.is("100-continue")) return false;
            any = true;
        }
        return any;
    }

    // ---- body ------------------------------------------------------------------------------------------

    private Progress parseBody(ByteBuffer in, MessageSink sink) {
        return switch (body.decode(in, sink)) {
            case NEED_MORE -> Progress.NEED_MORE;
            case COMPLETE -> endMessage(sink, body.trailers());
            case FAILED -> Progress.ERROR;
        };
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

    private static RequestHead failHead(FailureSink report, int status, String reason) {
        report.fail(status, reason);
        return null;
    }

    // ---- bytes -----------------------------------------------------------------------------------------

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
