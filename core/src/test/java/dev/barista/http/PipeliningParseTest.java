package dev.barista.http;

import static dev.barista.http.EmbeddedParser.bytes;
import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barista.http.EmbeddedParser.Outcome;
import dev.barista.http.RequestParser.Progress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several requests in one buffer: the parser stops after each complete message, leaves the position exactly at
 * the start of the next one, and never lets one message's bytes leak into another.
 */
class PipeliningParseTest {

    private static final String GET = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String POST = "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
    private static final String CHUNKED = "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n0\r\nT: 1\r\n\r\n";
    private static final String HEAD = "HEAD /d HTTP/1.1\r\nHost: h\r\n\r\n";

    /** Records sink calls as strings, for tests that drive the parser by hand. */
    private static final class Log implements MessageSink {
        final List<String> calls = new ArrayList<>();

        @Override
        public void head(RequestHead head) {
            calls.add("head " + head.path());
        }

        @Override
        public void content(ByteBuffer slice) {
            byte[] b = new byte[slice.remaining()];
            slice.get(b);
            calls.add("content " + new String(b, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        @Override
        public void end(Headers trailers) {
            calls.add("end " + trailers.size());
        }
    }

    @Test
    void stopsAfterEachMessageWithThePositionAtTheNext() {
        String all = GET + POST + CHUNKED + HEAD;
        ByteBuffer in = ByteBuffer.wrap(bytes(all));
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        Log log = new Log();

        assertThat(parser.parse(in, log)).isEqualTo(Progress.MESSAGE_DONE);
        assertThat(in.position()).isEqualTo(GET.length());
        assertThat(log.calls).containsExactly("head /a", "end 0");
        assertThat(parser.isIdle()).isTrue();

        assertThat(parser.parse(in, log)).isEqualTo(Progress.MESSAGE_DONE);
        assertThat(in.position()).isEqualTo(GET.length() + POST.length());

        assertThat(parser.parse(in, log)).isEqualTo(Progress.MESSAGE_DONE);
        assertThat(in.position()).isEqualTo(GET.length() + POST.length() + CHUNKED.length());

        assertThat(parser.parse(in, log)).isEqualTo(Progress.MESSAGE_DONE);
        assertThat(in.position()).isEqualTo(all.length());

        assertThat(parser.parse(in, log)).isEqualTo(Progress.NEED_MORE);
        assertThat(log.calls).containsExactly("head /a", "end 0", "head /b", "content hello", "end 0",
                "head /c", "content abc", "end 1", "head /d", "end 0");
    }

    @Test
    void anEmptyBufferIsNeedMoreWithoutSinkCalls() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        Log log = new Log();
        ByteBuffer empty = ByteBuffer.allocate(16).limit(0);
        assertThat(parser.parse(empty, log)).isEqualTo(Progress.NEED_MORE);
        assertThat(log.calls).isEmpty();
        assertThat(parser.isIdle()).isTrue();
        assertThat(parser.error()).isNull();
    }

    @Test
    void leavesAPartialNextRequestUnconsumed() {
        String partial = "GET /next HTTP/1.1\r\nHo";
        Outcome o = parseEveryWay(GET + partial);
        assertThat(o.messages()).hasSize(1);
        assertThat(o.unconsumed()).isEqualTo(partial.length());
    }

    @Test
    void everyMixOfFramingsPipelines() {
        Outcome o = parseEveryWay(GET + POST + CHUNKED + HEAD + CHUNKED + POST + GET);
        assertThat(o.messages()).extracting(m -> m.head().path())
                .containsExactly("/a", "/b", "/c", "/d", "/c", "/b", "/a");
        assertThat(o.messages()).extracting(EmbeddedParser.Message::bodyText)
                .containsExactly("", "hello", "abc", "", "abc", "hello", "");
        assertThat(o.messages().get(2).trailers().get("t")).isEqualTo("1");
        assertThat(o.messages().get(6).trailers().isEmpty()).isTrue();
        assertThat(o.complete()).isTrue();
    }

    @Test
    void aBadMessageEndsThePipelineButNotWhatCameBefore() {
        Outcome o = parseEveryWay(GET + POST + "GET / HTTP/1.1\r\nHost: h\r\nX : y\r\n\r\n" + GET);
        assertThat(o.messages()).hasSize(2);
        assertThat(o.status()).isEqualTo(400);
    }

    @Test
    void aHundredPipelinedRequestsInAnyPieces() {
        String all = (GET + POST + CHUNKED).repeat(34);
        for (int piece : new int[] {1, 7, 64, 1000, all.length()}) {
            Outcome o = EmbeddedParser.parseInPieces(HttpLimits.DEFAULTS, bytes(all), piece);
            assertThat(o.messages()).as("pieces of %d", piece).hasSize(102);
            assertThat(o.complete()).isTrue();
        }
    }

    @Test
    void theStateIsResetBetweenMessages() {
        // A chunked message with trailers, then one whose header count sits exactly at the limit: counts and
        // scan offsets from the first must not leak into the second.
        HttpLimits limits = HttpLimits.DEFAULTS.withMaxHeaderCount(3);
        String second = "GET /e HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n";
        Outcome o = parseEveryWay(limits, CHUNKED.replace("T: 1\r\n", "T: 1\r\nU: 2\r\nV: 3\r\n") + second);
        assertThat(o.messages()).hasSize(2);
        assertThat(o.messages().get(1).head().headers().size()).isEqualTo(3);
    }

    @Test
    void refusesBuffersWithoutAnArray() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.allocateDirect(8), new Log()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes(GET)).asReadOnlyBuffer(), new Log()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentSlicesAreReadOnlyViewsOfTheInput() {
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        ByteBuffer in = ByteBuffer.wrap(bytes(POST));
        List<ByteBuffer> slices = new ArrayList<>();
        parser.parse(in, new MessageSink() {
            @Override
            public void head(RequestHead head) {
            }

            @Override
            public void content(ByteBuffer slice) {
                assertThat(slice.isReadOnly()).isTrue();
                assertThat(slice.position()).isZero();
                slices.add(slice);
            }

            @Override
            public void end(Headers trailers) {
            }
        });
        assertThat(slices).hasSize(1);
        // A view, not a copy: it shows what the caller later writes into its buffer (hence "valid only during
        // the call").
        in.put(in.limit() - 5, (byte) 'J');
        assertThat(slices.getFirst().get(0)).isEqualTo((byte) 'J');
    }

    @Test
    void isIdleAndInBodyFollowTheMessage() {
        EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS);
        assertThat(p.parser().isIdle()).isTrue();
        p.feed("POST / HTTP/1.1\r\n");
        assertThat(p.parser().isIdle()).isFalse();
        assertThat(p.parser().inBody()).isFalse();
        p.feed("Host: h\r\nContent-Length: 2\r\n\r\n");
        assertThat(p.parser().inBody()).isTrue();
        p.feed("o");
        assertThat(p.parser().inBody()).isTrue();
        p.feed("k");
        assertThat(p.parser().inBody()).isFalse();
        assertThat(p.parser().isIdle()).isTrue();
    }
}
