package dev.barista.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link RequestParser} fully in memory, the way Netty's {@code EmbeddedChannel} runs a codec: bytes are
 * "read" in fragments, appended to a buffer that is compacted between reads as a connection would, and every
 * message (head, body, trailers) or the error is recorded in an {@link Outcome}.
 *
 * <p>It also polices the parser contract on every call, failing the test with an {@link AssertionError} when:
 * the position moves backwards or past the limit, the limit changes, MESSAGE_DONE consumes nothing (a loop that
 * would never end), one call completes more than one message, the sink calls arrive out of order, a FIXED body's
 * length disagrees with its Content-Length, ERROR comes without an {@link HttpError} (or with a non-error
 * status), or anything reaches the sink after ERROR.
 *
 * <p>To catch reads outside {@code [position, limit)}, the buffer sits at a non-zero array offset and every byte
 * of the backing array outside the unconsumed region is overwritten with a "poison" byte after each call. A
 * parser that peeks there sees poison (by default {@code '\n'}, which would complete or break a line) and
 * parses differently than it does on the whole input.
 */
final class EmbeddedParser {
    private static final int ARRAY_OFFSET = 7;

    private final RequestParser parser;
    private final byte poison;
    private final boolean compactEveryRead;
    private final Recorder recorder = new Recorder();
    /** Read mode: {@code [position, limit)} is what was received but not consumed yet. */
    private ByteBuffer buffer;
    private HttpError error;
    private int calls;

    EmbeddedParser(HttpLimits limits) {
        this(limits, (byte) '\n', true);
    }

    /**
     * @param compactEveryRead true to compact before every append (as HttpConnection does); false to compact only
     *                         when the buffer is full, so the parser also runs with its position far from 0
     */
    EmbeddedParser(HttpLimits limits, byte poison, boolean compactEveryRead) {
        this.parser = new RequestParser(limits);
        this.poison = poison;
        this.compactEveryRead = compactEveryRead;
        this.buffer = allocate(64);
        buffer.limit(0);
        poisonOutside();
    }

    // ---- one-call drivers ----------------------------------------------------------------------------------

    static Outcome parse(String input) {
        return parse(HttpLimits.DEFAULTS, bytes(input));
    }

    static Outcome parse(HttpLimits limits, String input) {
        return parse(limits, bytes(input));
    }

    /** The whole input in one read. */
    static Outcome parse(HttpLimits limits, byte[] input) {
        return new EmbeddedParser(limits).feed(input).outcome();
    }

    /** The input cut at the given (ascending) indices. */
    static Outcome parseSplitAt(HttpLimits limits, byte[] input, int... splits) {
        EmbeddedParser p = new EmbeddedParser(limits);
        int from = 0;
        for (int s : splits) {
            p.feed(input, from, s);
            from = s;
        }
        return p.feed(input, from, input.length).outcome();
    }

    /** The input in reads of {@code size} bytes (the last one shorter). */
    static Outcome parseInPieces(HttpLimits limits, byte[] input, int size) {
        EmbeddedParser p = new EmbeddedParser(limits);
        for (int from = 0; from < input.length; from += size) p.feed(input, from, Math.min(input.length, from + size));
        return p.outcome();
    }

    static Outcome parseByteByByte(HttpLimits limits, byte[] input) {
        return parseInPieces(limits, input, 1);
    }

    /**
     * Parses the input whole, byte by byte, and split in two at every index, checks that all of them give the
     * same outcome, and returns it. This is the "every split" check of the codec tests; table tests run through it
     * so that each row is also a fragmentation test.
     */
    static Outcome parseEveryWay(HttpLimits limits, byte[] input) {
        Outcome whole = parse(limits, input);
        String expected = whole.describe();
        assertSame(expected, parseByteByByte(limits, input), "byte by byte");
        for (int split = 0; split <= input.length; split++) {
            assertSame(expected, parseSplitAt(limits, input, split), "split at " + split);
        }
        return whole;
    }

    static Outcome parseEveryWay(String input) {
        return parseEveryWay(HttpLimits.DEFAULTS, bytes(input));
    }

    static Outcome parseEveryWay(HttpLimits limits, String input) {
        return parseEveryWay(limits, bytes(input));
    }

    private static void assertSame(String expected, Outcome actual, String how) {
        if (!expected.equals(actual.describe())) {
            throw new AssertionError("parsing " + how + " differs from parsing whole:\n  whole: " + expected
                    + "\n  " + how + ": " + actual.describe());
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- feeding -------------------------------------------------------------------------------------------

    EmbeddedParser feed(byte[] input) {
        return feed(input, 0, input.length);
    }

    EmbeddedParser feed(String input) {
        return feed(bytes(input));
    }

    /** Appends {@code input[from, to)} as one read and parses as far as the parser goes. */
    EmbeddedParser feed(byte[] input, int from, int to) {
        append(input, from, to);
        drain();
        return this;
    }

    private void append(byte[] input, int from, int to) {
        int n = to - from;
        int pending = buffer.position();
        if (!compactEveryRead && buffer.capacity() - buffer.limit() >= n) {
            // Append after the limit and leave the consumed bytes in place: the parser runs at position > 0.
            int oldLimit = buffer.limit();
            buffer.limit(oldLimit + n);
            buffer.put(oldLimit, input, from, n);
            buffer.position(pending);
        } else {
            buffer.compact(); // write mode: the unconsumed bytes now start at 0
            if (buffer.remaining() < n) {
                ByteBuffer larger = allocate(Math.max(buffer.capacity() * 2, buffer.position() + n));
                buffer.flip();
                larger.put(buffer);
                buffer = larger;
            }
            buffer.put(input, from, n);
            buffer.flip();
        }
        poisonOutside();
    }

    private void drain() {
        while (true) {
            if (error != null) {
                // After ERROR every call answers ERROR again and nothing more reaches the sink.
                recorder.closed = true;
                RequestParser.Progress again = parser.parse(buffer, recorder);
                calls++;
                check(again == RequestParser.Progress.ERROR, "a call after ERROR answered " + again);
                check(parser.error() != null && parser.error().equals(error), "the error changed after ERROR");
                return;
            }
            int before = buffer.position();
            int limit = buffer.limit();
            int ended = recorder.ended;
            RequestParser.Progress progress = parser.parse(buffer, recorder);
            calls++;
            int after = buffer.position();
            check(buffer.limit() == limit, "parse changed the buffer limit");
            check(after >= before && after <= limit, "position " + after + " outside [" + before + ", " + limit + "]");
            check(recorder.ended - ended <= 1, "one call completed more than one message");
            poisonOutside();
            switch (progress) {
                case MESSAGE_DONE -> {
                    check(recorder.ended == ended + 1, "MESSAGE_DONE without end()");
                    check(after > before, "MESSAGE_DONE consumed nothing");
                    check(!recorder.open(), "MESSAGE_DONE with a message still open");
                    check(parser.isIdle(), "parser not idle after MESSAGE_DONE");
                }
                case NEED_MORE -> {
                    check(recorder.ended == ended, "NEED_MORE after end()");
                    check(parser.error() == null, "NEED_MORE with an error set");
                    return;
                }
                case ERROR -> {
                    HttpError e = parser.error();
                    check(e != null, "ERROR without error()");
                    check(e.status() >= 400 && e.status() <= 599, "ERROR with status " + e.status());
                    check(e.reason() != null && !e.reason().isBlank(), "ERROR without a reason");
                    check(!parser.inBody() && !parser.isIdle(), "parser state after ERROR");
                    error = e;
                    recorder.closed = true;
                    return;
                }
            }
        }
    }

    Outcome outcome() {
        return new Outcome(List.copyOf(recorder.messages), error, recorder.partial(), buffer.remaining(), calls);
    }

    RequestParser parser() {
        return parser;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    // ---- buffer --------------------------------------------------------------------------------------------

    private ByteBuffer allocate(int capacity) {
        byte[] backing = new byte[ARRAY_OFFSET + capacity + ARRAY_OFFSET];
        return ByteBuffer.wrap(backing, ARRAY_OFFSET, capacity).slice();
    }

    /** Overwrites every byte of the backing array outside {@code [position, limit)} with poison. */
    private void poisonOutside() {
        byte[] a = buffer.array();
        int off = buffer.arrayOffset();
        Arrays.fill(a, 0, off + buffer.position(), poison);
        Arrays.fill(a, off + buffer.limit(), a.length, poison);
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    // ---- recording -----------------------------------------------------------------------------------------

    /** One complete request as the sink saw it. */
    record Message(RequestHead head, byte[] body, Headers trailers) {
        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        String describe() {
            return describeHead(head) + " body=\"" + escape(bodyText()) + "\" trailers=" + describeFields(trailers);
        }
    }

    /**
     * What parsing produced: the complete messages, the error (or null), a message whose head arrived but whose
     * body did not end (or null), how many bytes were left unconsumed, and how many parse calls were made.
     */
    record Outcome(List<Message> messages, HttpError error, Message partial, int unconsumed, int calls) {

        Message only() {
            if (messages.size() != 1 || error != null || partial != null) {
                throw new AssertionError("expected exactly one message, got " + describe());
            }
            return messages.getFirst();
        }

        RequestHead head() {
            return only().head();
        }

        /** The error status, or 0 when parsing did not fail. */
        int status() {
            return error == null ? 0 : error.status();
        }

        boolean complete() {
            return error == null && partial == null && unconsumed == 0;
        }

        /**
         * A canonical text of everything observable, used to compare fragmentations. The unconsumed count is left
         * out after an error: where the parser stopped looking depends on when it noticed.
         */
        String describe() {
            StringBuilder sb = new StringBuilder();
            for (Message m : messages) sb.append('[').append(m.describe()).append("] ");
            if (partial != null) sb.append("partial[").append(partial.describe()).append("] ");
            if (error != null) sb.append("error ").append(error.status()).append(' ').append(error.reason());
            else sb.append("unconsumed ").append(unconsumed);
            return sb.toString();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    static String describeHead(RequestHead h) {
        return h.method() + " " + h.target() + " " + h.version() + " path=" + h.path() + " query=" + h.query()
                + " authority=" + h.authority() + " framing=" + h.framing() + " length=" + h.contentLength()
                + " keepAlive=" + h.keepAlive() + " expectContinue=" + h.expectContinue()
                + " headers=" + describeFields(h.headers());
    }

    static String describeFields(Headers headers) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(escape(headers.name(i))).append(": \"").append(escape(headers.value(i))).append('"');
        }
        return sb.append('}').toString();
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                default -> {
                    if (c < 0x20 || c >= 0x7F) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** The sink: checks head, content*, end ordering and copies each slice while it is valid. */
    private static final class Recorder implements MessageSink {
        final List<Message> messages = new ArrayList<>();
        int ended;
        boolean closed;
        private RequestHead head;
        private java.io.ByteArrayOutputStream body;

        boolean open() {
            return head != null;
        }

        Message partial() {
            return head == null ? null : new Message(head, body.toByteArray(), Headers.EMPTY);
        }

        @Override
        public void head(RequestHead h) {
            check(!closed, "head() after ERROR");
            check(head == null, "head() while a message is open");
            check(h != null, "null head");
            head = h;
            body = new java.io.ByteArrayOutputStream();
        }

        @Override
        public void content(ByteBuffer slice) {
            check(!closed, "content() after ERROR");
            check(head != null, "content() before head()");
            check(head.hasBody(), "content() for a message without a body");
            check(slice.hasRemaining(), "empty content slice");
            byte[] copy = new byte[slice.remaining()];
            slice.duplicate().get(copy);
            body.writeBytes(copy);
            if (head.framing() == RequestHead.BodyFraming.FIXED) {
                check(body.size() <= head.contentLength(), "more content than Content-Length");
            }
        }

        @Override
        public void end(Headers trailers) {
            check(!closed, "end() after ERROR");
            check(head != null, "end() before head()");
            check(trailers != null, "null trailers");
            byte[] b = body.toByteArray();
            switch (head.framing()) {
                case NONE -> check(b.length == 0, "body for a message without one");
                case FIXED -> check(b.length == head.contentLength(), "body length " + b.length
                        + " != Content-Length " + head.contentLength());
                case CHUNKED -> check(head.contentLength() == -1, "chunked with a content length");
            }
            if (head.framing() != RequestHead.BodyFraming.CHUNKED) check(trailers.isEmpty(), "trailers without chunked");
            messages.add(new Message(head, b, trailers));
            head = null;
            body = null;
            ended++;
        }
    }
}
