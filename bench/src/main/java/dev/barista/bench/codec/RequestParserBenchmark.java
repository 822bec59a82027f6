package dev.barista.bench.codec;

import dev.barista.http.Headers;
import dev.barista.http.HttpLimits;
import dev.barista.http.MessageSink;
import dev.barista.http.RequestHead;
import dev.barista.http.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Barista's {@link RequestParser} against Netty's {@link HttpRequestDecoder} on the same bytes.
 *
 * <p>One operation parses the whole input buffer: for {@code pipelined16} that is 16 requests, so divide
 * its time by 16 for a per-request figure. Both parsers are reused across operations, as a connection
 * reuses its parser across requests.
 *
 * <p>{@code heads=repeated} sends the same head again and again, as a load generator (and often a client)
 * does: Barista answers a head byte for byte its last one with the last one's parse. {@code heads=varied}
 * spells every head's Host field differently from the head before it ({@code Host} and {@code host} in
 * turn), so that every head is parsed in full: the cost of a head the parser has not just seen.
 *
 * <ul>
 *   <li>Barista: a heap {@link ByteBuffer} over the bytes, parsed to the end; every head, body slice and
 *       trailer section goes to a {@link Blackhole}. Header fields stay lazy (byte offsets) as they do in
 *       the server: this measures what Barista pays per request before a handler asks for anything.</li>
 *   <li>Netty: the decoder in an {@link EmbeddedChannel} (default configuration, header validation on,
 *       as Barista validates), fed a duplicate of a direct buffer as the epoll transport would feed it;
 *       every decoded object goes to the Blackhole and is released. The EmbeddedChannel's own pipeline
 *       overhead is included: a few tens of nanoseconds per call, small next to decoding.</li>
 * </ul>
 *
 * Defaults are small (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement); override with JMH's flags
 * ({@code -f -wi -w -i -r -p request=small}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
        "-Xms1g", "-Xmx1g",
        // Netty's fast path (Unsafe) is off by default on Java 25+; give it the flags its servers run with
        "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestParserBenchmark {

    /** Which request bytes to parse; see {@link Requests}. */
    @Param({"small", "browser", "pipelined16", "chunkedPost"})
    public String request;

    /** Whether each head repeats the last one's bytes or differs from it; see the class comment. */
    @Param({"repeated", "varied"})
    public String heads;

    private int expectedMessages;

    /** The inputs, used in turn: the same one twice when heads repeat. */
    private final ByteBuffer[] baristaInputs = new ByteBuffer[2];
    private RequestParser baristaParser;
    private BlackholeSink sink;

    private final ByteBuf[] nettyInputs = new ByteBuf[2];
    private EmbeddedChannel nettyChannel;
    private int turn;
    private int nettyTurn;

    @Setup(Level.Trial)
    public void setUp() {
        Requests.Input input = Requests.byName(request, heads.equals("varied"));
        expectedMessages = input.messages();
        for (int i = 0; i < 2; i++) {
            byte[] bytes = i == 0 ? input.first() : input.second();
            baristaInputs[i] = ByteBuffer.wrap(bytes);
            nettyInputs[i] = Unpooled.unreleasableBuffer(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
        }
        baristaParser = new RequestParser(HttpLimits.DEFAULTS);
        sink = new BlackholeSink();
        nettyChannel = new EmbeddedChannel(new HttpRequestDecoder());

        // Both must understand the input completely, or the numbers mean nothing.
        SanityCheck.verify(this);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nettyChannel.finishAndReleaseAll();
    }

    @Benchmark
    public int barista(Blackhole bh) {
        sink.bh = bh;
        ByteBuffer in = baristaInputs[turn ^= 1];
        in.clear();
        RequestParser parser = baristaParser;
        int messages = 0;
        while (in.hasRemaining()) {
            RequestParser.Progress p = parser.parse(in, sink);
            if (p == RequestParser.Progress.MESSAGE_DONE) {
                messages++;
            } else if (p == RequestParser.Progress.ERROR) {
                throw new IllegalStateException("Barista refused the input: " + parser.error());
            } else {
                throw new IllegalStateException("Barista wants more bytes after " + messages + " messages");
            }
        }
        return messages;
    }

    @Benchmark
    public int netty(Blackhole bh) {
        EmbeddedChannel ch = nettyChannel;
        ch.writeInbound(nettyInputs[nettyTurn ^= 1].duplicate());
        int messages = 0;
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            if (msg instanceof LastHttpContent) {
                messages++;
            }
            bh.consume(msg);
            ReferenceCountUtil.release(msg);
        }
        return messages;
    }

    /** Sends every part of every message to the Blackhole of the running benchmark. */
    static final class BlackholeSink implements MessageSink {
        Blackhole bh;

        @Override
        public void head(RequestHead head) {
            bh.consume(head);
        }

        @Override
        public void content(ByteBuffer slice) {
            bh.consume(slice);
        }

        @Override
        public void end(Headers trailers) {
            bh.consume(trailers);
        }
    }

    /** Parses the input once with each parser, outside any measurement, and fails the trial if either balks. */
    static final class SanityCheck {
        private SanityCheck() {
        }

        static void verify(RequestParserBenchmark b) {
            Blackhole bh = new Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            try {
                int barista = b.barista(bh);
                if (barista != b.expectedMessages) {
                    throw new IllegalStateException("Barista parsed " + barista + " of " + b.expectedMessages
                            + " messages in '" + b.request + "'");
                }
                b.nettyChannel.writeInbound(b.nettyInputs[0].duplicate());
                int netty = 0;
                Object msg;
                while ((msg = b.nettyChannel.readInbound()) != null) {
                    try {
                        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                            throw new IllegalStateException("Netty refused '" + b.request + "'",
                                    o.decoderResult().cause());
                        }
                        if (msg instanceof LastHttpContent) {
                            netty++;
                        }
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                }
                if (netty != b.expectedMessages) {
                    throw new IllegalStateException("Netty decoded " + netty + " of " + b.expectedMessages
                            + " messages in '" + b.request + "'");
                }
            } finally {
                bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
            }
        }
    }

    /** The request bytes both parsers see. */
    static final class Requests {
        private Requests() {
        }

        /** Two inputs parsed in turn, each of {@code messages} requests. */
        record Input(byte[] first, byte[] second, int messages) {
        }

        /** What wrk sends by default. */
        static final String SMALL = "GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\n\r\n";

        /** A browser fetching a stylesheet: 12 header fields, about 900 bytes. */
        static final String BROWSER = ""
                + "GET /static/css/site.css?v=20240611 HTTP/1.1\r\n"
                + "Host: www.example.com\r\n"
                + "Connection: keep-alive\r\n"
                + "sec-ch-ua: \"Chromium\";v=\"126\", \"Google Chrome\";v=\"126\", \"Not-A.Brand\";v=\"8\"\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/126.0.0.0 Safari/537.36\r\n"
                + "Accept: text/css,*/*;q=0.1\r\n"
                + "Sec-Fetch-Site: same-origin\r\n"
                + "Sec-Fetch-Mode: no-cors\r\n"
                + "Sec-Fetch-Dest: style\r\n"
                + "Referer: https://www.example.com/articles/2024/06/http-parsing\r\n"
                + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                + "Accept-Language: en-GB,en-US;q=0.9,en;q=0.8,de;q=0.7\r\n"
                + "Cookie: session=6f1c2e0a9b7d4c3e8f5a1b2c3d4e5f60; theme=dark;"
                + " _ga=GA1.2.1234567890.1718000000; consent=analytics%3Dno%26ads%3Dno\r\n"
                + "\r\n";

        /** A small JSON body in two chunks, no trailers. */
        static final String CHUNKED_POST = ""
                + "POST /api/messages HTTP/1.1\r\n"
                + "Host: localhost:8080\r\n"
                + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "\r\n"
                + chunk("{\"message\":")
                + chunk("\"Hello, World!\"}")
                + "0\r\n\r\n";

        static final int PIPELINE_DEPTH = 16;

        /**
         * @param varied whether each head differs from the one before it: single requests then come in two
         *               spellings used in turn, and a pipeline alternates them (its depth is even, so the next
         *               operation's first head differs from the last one's too)
         */
        static Input byName(String name, boolean varied) {
            String message = switch (name) {
                case "small", "pipelined16" -> SMALL;
                case "browser" -> BROWSER;
                case "chunkedPost" -> CHUNKED_POST;
                default -> throw new IllegalArgumentException("unknown request '" + name
                        + "' (small, browser, pipelined16, chunkedPost)");
            };
            String other = varied ? message.replace("\r\nHost: ", "\r\nhost: ") : message;
            if (varied && other.equals(message)) throw new IllegalStateException(name + " has no Host field to vary");
            if (name.equals("pipelined16")) {
                byte[] pipeline = ascii((message + other).repeat(PIPELINE_DEPTH / 2));
                return new Input(pipeline, pipeline, PIPELINE_DEPTH);
            }
            return new Input(ascii(message), ascii(other), 1);
        }

        private static String chunk(String data) {
            return Integer.toHexString(ascii(data).length) + "\r\n" + data + "\r\n";
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
