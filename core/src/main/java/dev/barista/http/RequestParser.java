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

    /** Empty lines tolerated before a request line (RFC 9112 2.2 says to ignore "at least one"). */
    private static final int MAX_LEADING_EMPTY_LINES = 8;

    private final HttpLimits limits;
    private final FailureSink failures = this::fail;
    private final FieldSectionScanner scanner;
    private final BodyDecoder body;
    private final KnownFields known = new KnownFields();
    private final KnownTargets targets;
    private State state = State.HEAD;
    private HttpError error;

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
        int headEnd = scanner.scan(in, true);
        if (headEnd == FieldSectionScanner.NEED_MORE) return Progress.NEED_MORE;
        if (headEnd == FieldSectionScanner.FAILED) return Progress.ERROR;
        byte[] a = in.array();
        int start = in.arrayOffset() + in.position();
        RequestHead head = buildHead(a, start, start + headEnd);
        if (head == null) return Progress.ERROR;
        in.position(in.position() + headEnd);
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

    private RequestHead buildHead(byte[] a, int start, int headEnd) {
        int lineEnd = start + scanner.startLineEnd();
        int sp1 = Bytes.indexOf(a, start, lineEnd, (byte) ' ');
        if (sp1 <= start) return failHead(400, "Malformed request line");
        for (int i = start; i < sp1; i++) {
            if (!HttpChars.isTchar(a[i])) return failHead(400, "Invalid character in method");
        }
        int sp2 = Bytes.indexOf(a, sp1 + 1, lineEnd, (byte) ' ');
        if (sp2 < 0) return failHead(400, "Malformed request line");
        if (sp2 == sp1 + 1) return failHead(400, "Empty request target");
        for (int i = sp1 + 1; i < sp2; i++) {
            if (!HttpChars.isTargetChar(a[i])) return failHead(400, "Invalid character in request target");
        }
        HttpVersion version = HttpVersion.parse(a, sp2 + 1, lineEnd, failures);
        if (version == null) return null;

        // Copy the field lines once (the request line lives on as the method and target Strings); names and
        // values stay offsets into this copy.
        byte[] copy = Arrays.copyOfRange(a, lineEnd + 2, headEnd);
        Headers headers = FieldLines.parse(copy, 0, copy.length - 2, scanner.fieldLines(), failures, known);
        if (headers == null) return null;

        String method = internMethod(a, start, sp1 - start);
        String target = targets.find(a, sp1 + 1, sp2);
        if (target == null) target = new String(a, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.ISO_8859_1);
        return interpret(method, target, version, headers);
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

        int hosts = known.count(KnownFields.HOST);
        if (hosts > 1) return failHead(400, "Multiple Host header fields");
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) return failHead(400, "Missing Host header field");
        if (hosts == 1) {
            int i = known.first(KnownFields.HOST);
            byte[] b = headers.bytes();
            for (int k = headers.valueStart(i); k < headers.valueEnd(i); k++) {
                if (!HttpChars.isHostChar(b[k])) return failHead(400, "Invalid Host header field");
            }
            // An origin-form target's authority is the Host value: RequestHead reads it lazily from the headers.
        }

        long length = FramingRules.REQUEST.bodyLength(headers, known, version, limits.maxBodySize(), failures);
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
            if (!onlyContinueExpected(headers)) return failHead(417, "Unsupported expectation");
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

    private RequestHead failHead(int status, String reason) {
        fail(status, reason);
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
