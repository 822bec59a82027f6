package dev.barista.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link ResponseParser} in memory over fragments of an input, as a connection would (compacting between
 * reads, bytes outside {@code [position, limit)} poisoned with LF), and describes everything observable so that
 * different fragmentations can be compared. Checks the contract on every call: the position only moves forward
 * within the limit, one message per MESSAGE_DONE, nothing reaches the sink after ERROR.
 */
final class EmbeddedResponseParser {
    private final ResponseParser parser;
    private final String method;
    private final StringBuilder seen = new StringBuilder();
    private ByteBuffer buffer = ByteBuffer.allocate(16).flip();
    private boolean failed;
    private ByteArrayOutputStream body;
    private final ResponseSink sink = new ResponseSink() {
        @Override
        public void head(ResponseHead h) {
            check(!failed && body == null, "head out of order");
            seen.append('[').append(h.status()).append(' ').append(h.reason()).append(' ').append(h.version())
                    .append(" framing=").append(h.framing()).append(" length=").append(h.contentLength())
                    .append(" keepAlive=").append(h.keepAlive()).append(" headers=").append(h.headers());
            body = new ByteArrayOutputStream();
        }

        @Override
        public void content(ByteBuffer slice) {
            check(!failed && body != null && slice.hasRemaining(), "content out of order");
            byte[] b = new byte[slice.remaining()];
            slice.get(b);
            body.writeBytes(b);
        }

        @Override
        public void end(Headers trailers) {
            check(!failed && body != null, "end out of order");
            seen.append(" body=\"").append(body.toString(StandardCharsets.ISO_8859_1)).append("\" trailers=")
                    .append(trailers).append("] ");
            body = null;
        }
    };

    EmbeddedResponseParser(HttpLimits limits, String method) {
        this.parser = new ResponseParser(limits);
        this.method = method;
        parser.expectResponseTo(method);
    }

    static String parse(HttpLimits limits, String method, byte[] input, int... splits) {
        EmbeddedResponseParser p = new EmbeddedResponseParser(limits, method);
        int from = 0;
        for (int s : splits) {
            p.feed(input, from, s);
            from = s;
        }
        p.feed(input, from, input.length);
        return p.close();
    }

    static String parse(String input) {
        return parse(HttpLimits.DEFAULTS, "GET", bytes(input));
    }

    /** Parses whole, byte by byte and split at every index; every way must agree. Returns the description. */
    static String parseEveryWay(HttpLimits limits, String method, String input) {
        byte[] b = bytes(input);
        String whole = parse(limits, method, b);
        EmbeddedResponseParser bytewise = new EmbeddedResponseParser(limits, method);
        for (int i = 0; i < b.length; i++) bytewise.feed(b, i, i + 1);
        agree(whole, bytewise.close(), "byte by byte");
        for (int i = 0; i <= b.length; i++) agree(whole, parse(limits, method, b, i), "split at " + i);
        return whole;
    }

    private static void agree(String expected, String actual, String how) {
        if (!expected.equals(actual)) {
            throw new AssertionError("parsing " + how + " differs:\n  whole: " + expected + "\n  " + how + ": " + actual);
        }
    }

    void feed(byte[] input, int from, int to) {
        buffer.compact();
        if (buffer.remaining() < to - from) {
            ByteBuffer larger = ByteBuffer.allocate(buffer.position() + to - from + 16);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
        buffer.put(input, from, to - from);
        buffer.flip();
        drain();
    }

    private void drain() {
        while (!failed) {
            poison();
            int before = buffer.position();
            ResponseParser.Progress p = parser.parse(buffer, sink);
            check(buffer.position() >= before && buffer.position() <= buffer.limit(), "position out of range");
            switch (p) {
                case NEED_MORE -> {
                    return;
                }
                case ERROR -> {
                    failed = true;
                    seen.append("error ").append(parser.error().status()).append(' ').append(parser.error().reason());
                    check(parser.parse(buffer, sink) == ResponseParser.Progress.ERROR, "not ERROR after ERROR");
                }
                case MESSAGE_DONE -> {
                    check(buffer.position() > before, "MESSAGE_DONE consumed nothing");
                    parser.expectResponseTo(method);
                }
            }
        }
    }

    /** The input ended: reports what the end completes or breaks, and what was left. */
    String close() {
        if (!failed) {
            ResponseParser.Progress p = parser.endOfInput(sink);
            if (p == ResponseParser.Progress.ERROR) {
                failed = true;
                seen.append("eof-error ").append(parser.error().status()).append(' ').append(parser.error().reason());
            } else if (p == ResponseParser.Progress.MESSAGE_DONE) {
                seen.append("(ended by close) ");
            }
            if (!failed) seen.append("unconsumed ").append(buffer.remaining());
        }
        return seen.toString();
    }

    private void poison() {
        byte[] a = buffer.array();
        for (int i = 0; i < buffer.position(); i++) a[i] = '\n';
        for (int i = buffer.limit(); i < a.length; i++) a[i] = '\n';
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}
