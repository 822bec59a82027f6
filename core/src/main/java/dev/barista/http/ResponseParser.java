package dev.barista.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental HTTP/1.1 response parser (RFC 9112): a pure function over a buffer, with no I/O, and the
 * client-side twin of {@link RequestParser}. It shares that parser's field scanning, field-line parsing, framing
 * rules and body decoding, so a response is held to exactly the same rules as a request.
 *
 * <p>Contract: {@link #parse} consumes bytes from the buffer's position and reports each response as
 * {@code head}, {@code content}*, {@code end} to a {@link ResponseSink}; it answers NEED_MORE, MESSAGE_DONE or
 * ERROR, after which {@link #error()} says why and every later call answers ERROR again. Before each response,
 * tell it the request's method with {@link #expectResponseTo}: a response to HEAD has no body whatever its fields
 * say. A body delimited by the connection's end finishes when the caller reports {@link #endOfInput}.
 *
 * <p>Refused (the status is the one the same defect earns in a request, so callers can tell "malformed" from
 * "too large"; a client maps all of them to "bad gateway"): a malformed status line or version (400; 505 for a
 * well-formed version other than 1.0/1.1), a status code outside 100-599, 101 (Barista never asks to switch
 * protocols), Transfer-Encoding with Content-Length, several Content-Length fields, bad chunk sizes, bare LF or
 * CR, obs-fold, a status line over {@code maxRequestLineLength} (400), a head over the header limits (431), a body
 * over {@code maxBodySize} (413), more than {@value #MAX_INTERIM_RESPONSES} interim responses (400). No empty lines
 * are tolerated before a status line. Leniency: the space after the status code may be omitted when there is no
 * reason phrase ({@code HTTP/1.1 204\r\n}), as many servers send.
 *
 * <p>Interim responses (1xx other than 101) are validated and skipped: the sink sees only the final response.
 * A 204 or 304 response, and any response to HEAD, ends with its head (RFC 9112 6.3 rule 1), so their framing
 * fields are not interpreted.
 *
 * <p>One parser per connection; not thread-safe. The buffer must be array-backed (heap).
 */
public final class ResponseParser {

    /** What a call to {@link #parse} achieved. */
    public enum Progress { NEED_MORE, MESSAGE_DONE, ERROR }

    private enum State { HEAD, BODY, FAILED }

    static final int MAX_INTERIM_RESPONSES = 8;

    private final HttpLimits limits;
    private final FailureSink failures = this::fail;
    private final FieldSectionScanner scanner;
    private final BodyDecoder body;
    private final KnownFields known = new KnownFields();
    private final FieldLines fields = new FieldLines();
    private State state = State.HEAD;
    private HttpError error;
    private boolean headRequest;
    private int interimResponses;

    public ResponseParser(HttpLimits limits) {
        this.limits = limits;
        this.scanner = new FieldSectionScanner(limits, failures, 0, 400, "Status line too long");
        this.body = new BodyDecoder(limits, failures, scanner, FramingRules.RESPONSE.bodyTooLargeReason());
    }

    /**
     * Says which method the next response answers; only HEAD changes anything (no body). Call between
     * responses, before the first byte of the next one is parsed; without a call, a non-HEAD request is assumed.
     */
    public void expectResponseTo(String method) {
        if (state != State.HEAD || !scanner.isIdle()) throw new IllegalStateException("a response is being parsed");
        headRequest = "HEAD".equals(method);
    }

    /** Why parsing failed, once {@link #parse} has answered {@link Progress#ERROR}; otherwise null. */
    public HttpError error() {
        return error;
    }

    /** True between responses with nothing of the next one seen yet (not even an interim response). */
    public boolean isIdle() {
        return state == State.HEAD && scanner.isIdle() && interimResponses == 0;
    }

    /** True while a response's body (or its trailers) is being received. */
    public boolean inBody() {
        return state == State.BODY;
    }

    /**
     * Parses from {@code in}'s position up to its limit, advancing the position past what was consumed.
     * Stops after at most one complete response.
     */
    public Progress parse(ByteBuffer in, ResponseSink sink) {
        if (!in.hasArray()) throw new IllegalArgumentException("ResponseParser needs a heap buffer");
        while (true) {
            Progress p = switch (state) {
                case HEAD -> parseHead(in, sink);
                case BODY -> parseBody(in, sink);
                case FAILED -> Progress.ERROR;
            };
            if (p != null) return p;
        }
    }

    /**
     * The connection's input ended. Completes a body delimited by the close (MESSAGE_DONE, after {@code end} on
     * the sink); fails a response cut short (ERROR, "truncated"); answers NEED_MORE when idle between responses,
     * which is a normal end.
     */
    public Progress endOfInput(ResponseSink sink) {
        if (state == State.FAILED) return Progress.ERROR;
        if (state == State.BODY && body.untilClose()) {
            body.endOfInput();
            return endMessage(sink, Headers.EMPTY);
        }
        if (isIdle()) return Progress.NEED_MORE;
        return fail(400, "Response truncated by the end of the connection");
    }

    // ---- head ------------------------------------------------------------------------------------------

    /** Returns null to go on (an interim response was skipped, or a body begins), else the call's answer. */
    private Progress parseHead(ByteBuffer in, ResponseSink sink) {
        int headEnd = scanner.scan(in, true);
        if (headEnd == FieldSectionScanner.NEED_MORE) return Progress.NEED_MORE;
        if (headEnd == FieldSectionScanner.FAILED) return Progress.ERROR;
        byte[] a = in.array();
        int start = in.arrayOffset() + in.position();
        ResponseHead head = buildHead(a, start, start + headEnd);
        if (head == null) return Progress.ERROR;
        in.position(in.position() + headEnd);
        scanner.reset();
        if (head.status() < 200) {
            if (++interimResponses > MAX_INTERIM_RESPONSES) return fail(400, "Too many interim responses");
            return null;
        }
        interimResponses = 0;
        sink.head(head);
        switch (head.framing()) {
            case NONE -> {
                return endMessage(sink, Headers.EMPTY);
            }
            case FIXED -> {
                if (head.contentLength() == 0) return endMessage(sink, Headers.EMPTY);
                body.startFixed(head.contentLength());
            }
            case CHUNKED -> body.startChunked();
            case UNTIL_CLOSE -> body.startUntilClose();
        }
        state = State.BODY;
        return null;
    }

    private ResponseHead buildHead(byte[] a, int start, int headEnd) {
        int lineEnd = start + scanner.startLineEnd();
        int sp1 = Bytes.indexOf(a, start, lineEnd, (byte) ' ');
        if (sp1 < 0) return failHead(400, "Malformed status line");
        HttpVersion version = HttpVersion.parse(a, start, sp1, failures);
        if (version == null) return null;
        int codeEnd = sp1 + 4;
        if (codeEnd > lineEnd || (codeEnd < lineEnd && a[codeEnd] != ' ')) return failHead(400, "Malformed status code");
        int status = 0;
        for (int i = sp1 + 1; i < codeEnd; i++) {
            if (!Bytes.isDigit(a[i])) return failHead(400, "Malformed status code");
            status = status * 10 + (a[i] - '0');
        }
        if (status < 100 || status > 599) return failHead(400, "Status code out of range");
        if (status == 101) return failHead(400, "Unexpected 101 Switching Protocols");
        int reasonStart = Math.min(codeEnd + 1, lineEnd);
        for (int i = reasonStart; i < lineEnd; i++) {
            if (!HttpChars.isFieldChar(a[i])) return failHead(400, "Invalid character in reason phrase");
        }

        // Copy the head once; names and values stay offsets into this copy.
        byte[] copy = Arrays.copyOfRange(a, start, headEnd);
        if (fields.parse(copy, scanner.startLineEnd() + 2, copy.length, 0, failures, known) == FieldLines.NONE) {
            return null;
        }
        Headers headers = fields.headers(copy);
        String reason = new String(copy, reasonStart - start, lineEnd - reasonStart, StandardCharsets.ISO_8859_1);
        return interpret(status, reason, version, headers);
    }

    /** Applies the message-level rules: framing (RFC 9112 6.3, in its order) and persistence. */
    private ResponseHead interpret(int status, String reason, HttpVersion version, Headers headers) {
        boolean keepAlive = Persistence.keepAlive(headers, known, version);
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return new ResponseHead(status, reason, version, headers, ResponseHead.BodyFraming.NONE, 0, keepAlive);
        }
        long length = FramingRules.RESPONSE.bodyLength(headers, known, version, limits.maxBodySize(), failures);
        if (length == FramingRules.FAILED) return null;
        if (length == FramingRules.CHUNKED) {
            return new ResponseHead(status, reason, version, headers, ResponseHead.BodyFraming.CHUNKED, -1, keepAlive);
        }
        if (length == FramingRules.NO_FRAMING_FIELDS) {
            // The body runs until the server closes: the connection cannot carry another exchange.
            return new ResponseHead(status, reason, version, headers, ResponseHead.BodyFraming.UNTIL_CLOSE, -1,
                    false);
        }
        return new ResponseHead(status, reason, version, headers, ResponseHead.BodyFraming.FIXED, length, keepAlive);
    }

    // ---- body ------------------------------------------------------------------------------------------

    private Progress parseBody(ByteBuffer in, ResponseSink sink) {
        return switch (body.decode(in, sink)) {
            case NEED_MORE -> Progress.NEED_MORE;
            case COMPLETE -> endMessage(sink, body.trailers());
            case FAILED -> Progress.ERROR;
        };
    }

    private Progress endMessage(ResponseSink sink, Headers trailers) {
        state = State.HEAD;
        headRequest = false;
        sink.end(trailers);
        return Progress.MESSAGE_DONE;
    }

    // ---- failures --------------------------------------------------------------------------------------

    private Progress fail(int status, String reason) {
        if (state != State.FAILED) {
            state = State.FAILED;
            error = new HttpError(status, reason);
        }
        return Progress.ERROR;
    }

    private ResponseHead failHead(int status, String reason) {
        fail(status, reason);
        return null;
    }
}
