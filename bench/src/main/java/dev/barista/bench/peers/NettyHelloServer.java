package dev.barista.bench.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * The Netty peer that {@code bench/wrk-vs-netty.sh} measures Barista against: a hello-world server
 * built the way TechEmpower's own Netty entry is (native epoll transport, pooled direct buffers,
 * {@link HttpServerCodec}, responses written without a flush and flushed once per read batch in
 * {@code channelReadComplete} so pipelined responses leave in one write, a {@code Date} header
 * formatted once a second, {@code Server: Netty}).
 *
 * <p>Routes: {@code GET /plaintext} answers {@code Hello, World!} as {@code text/plain};
 * {@code GET /json} answers {@code {"message":"Hello, World!"}} as {@code application/json},
 * serialized by Jackson on every request from a freshly made object (TechEmpower's rule);
 * anything else answers 404. HTTP/1.1 keep-alive, {@code Connection: close} honoured.
 *
 * <pre>
 * java -cp bench/target/barista-bench.jar dev.barista.bench.peers.NettyHelloServer --port 8081 --threads 1
 * </pre>
 *
 * Flags: {@code --port} (8081; 0 picks a free one), {@code --threads} (event-loop threads, 1),
 * {@code --host} (127.0.0.1), {@code --reuseport} (sets SO_REUSEPORT on the listener).
 * Prints {@code NettyHelloServer listening on PORT} once it accepts connections.
 */
public final class NettyHelloServer {

    private static final AsciiString SERVER_NAME = AsciiString.cached("Netty");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
    private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final AsciiString HELLO_LENGTH = AsciiString.cached(Integer.toString(HELLO.length));
    private static final AsciiString ZERO = AsciiString.cached("0");

    /** Header validation off, as in TechEmpower's entry: every value written here is a constant or a date. */
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

    private NettyHelloServer() {
    }

    /** The JSON body: a fresh instance per request, serialized per request. */
    public record Message(String message) {
    }

    public static void main(String[] args) throws Exception {
        int port = 8081;
        int threads = 1;
        String host = "127.0.0.1";
        boolean reusePort = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--reuseport" -> reusePort = true;
                case "-h", "--help" -> {
                    System.out.println("usage: NettyHelloServer [--port 8081] [--threads 1] [--host 127.0.0.1] [--reuseport]");
                    return;
                }
                default -> {
                    System.err.println("NettyHelloServer: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (threads < 1) {
            System.err.println("NettyHelloServer: --threads must be at least 1");
            System.exit(2);
        }
        if (!Epoll.isAvailable()) {
            System.err.println("NettyHelloServer: the native epoll transport is not available: "
                    + Epoll.unavailabilityCause());
            System.exit(1);
        }

        Running running = start(host, port, threads, reusePort);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "netty-shutdown"));
        System.out.println("NettyHelloServer listening on " + running.port());
        System.out.flush();
        running.server().closeFuture().sync();
        running.close();
    }

    /** A started server: its listening channel, its event loops (threads named {@code netty-loop-*}), its port. */
    public record Running(Channel server, EventLoopGroup group, int port) implements AutoCloseable {
        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Starts the server in this JVM (as {@code main} does; the allocation probe measures it in-process). */
    public static Running start(String host, int port, int threads, boolean reusePort) throws InterruptedException {
        // The benchmark settings TechEmpower's entry runs with.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("netty-loop"),
                EpollIoHandler.newFactory());
        try {
            DateHeader date = new DateHeader();
            date.start(group);
            HelloHandler handler = new HelloHandler(date);

            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(EpollServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("codec", new HttpServerCodec(decoderConfig()))
                                    .addLast("handler", handler);
                        }
                    });
            if (reusePort) {
                bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            Channel server = bootstrap.bind(host, port).sync().channel();
            return new Running(server, group, ((java.net.InetSocketAddress) server.localAddress()).getPort());
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The HTTP/1.1 decoder's limits and header factories (also {@link NettyH2Server}'s HTTP/1.1). */
    static HttpDecoderConfig decoderConfig() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(4096)
                .setMaxHeaderSize(8192)
                .setMaxChunkSize(8192)
                .setHeadersFactory(HEADERS)
                .setTrailersFactory(TRAILERS);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("NettyHelloServer: " + flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    /** The {@code Date} header value, formatted once a second by one task on the group, read by every response. */
    static final class DateHeader {
        private volatile AsciiString value = format();

        void start(EventLoopGroup group) {
            long now = System.currentTimeMillis();
            long untilNextSecond = 1000 - now % 1000;
            group.next().scheduleAtFixedRate(() -> value = format(), untilNextSecond, 1000, TimeUnit.MILLISECONDS);
        }

        AsciiString get() {
            return value;
        }

        private static AsciiString format() {
            return new AsciiString(DateFormatter.format(new Date()));
        }
    }

    @ChannelHandler.Sharable
    static final class HelloHandler extends ChannelInboundHandlerAdapter {
        /** Jackson writer for {@link Message}, built once; the object and its bytes are made per request. */
        private static final ObjectWriter JSON = new ObjectMapper().writerFor(Message.class);
        /** The plaintext body, shared read-only: each response sends a duplicate of it. */
        private static final ByteBuf HELLO_BUFFER =
                Unpooled.unreleasableBuffer(Unpooled.directBuffer(HELLO.length).writeBytes(HELLO)).asReadOnly();

        private final DateHeader date;

        HelloHandler(DateHeader date) {
            this.date = date;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest request) {
                    handle(ctx, request);
                }
                // HttpContent / LastHttpContent of a request: nothing to do but release it
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void handle(ChannelHandlerContext ctx, HttpRequest request) {
            if (request.decoderResult().isFailure()) {
                FullHttpResponse bad = response(HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER, null, ZERO);
                bad.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            FullHttpResponse response;
            boolean get = HttpMethod.GET.equals(request.method());
            String uri = request.uri();
            if (get && "/plaintext".equals(uri)) {
                response = response(HttpResponseStatus.OK, HELLO_BUFFER.duplicate(), TEXT_PLAIN, HELLO_LENGTH);
            } else if (get && "/json".equals(uri)) {
                ByteBuf body = json(ctx);
                response = response(HttpResponseStatus.OK, body, APPLICATION_JSON, null);
            } else {
                response = response(HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER, null, ZERO);
            }
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            } else {
                if (request.protocolVersion() == HttpVersion.HTTP_1_0) {
                    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                // no flush here: channelReadComplete flushes every response of this read at once
                ctx.write(response, ctx.voidPromise());
            }
        }

        /** The JSON body in a new buffer ({@link NettyH2Server} sends the same). */
        static ByteBuf json(ChannelHandlerContext ctx) {
            ByteBuf body = ctx.alloc().ioBuffer(32);
            try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
                JSON.writeValue((java.io.OutputStream) out, new Message("Hello, World!"));
            } catch (IOException e) {
                body.release();
                throw new UncheckedIOException(e);
            }
            return body;
        }

        private FullHttpResponse response(HttpResponseStatus status, ByteBuf body, AsciiString contentType,
                                          AsciiString contentLength) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body, HEADERS, TRAILERS);
            HttpHeaders headers = response.headers();
            if (contentType != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            headers.set(HttpHeaderNames.SERVER, SERVER_NAME);
            headers.set(HttpHeaderNames.DATE, date.get());
            headers.set(HttpHeaderNames.CONTENT_LENGTH,
                    contentLength != null ? contentLength : Integer.toString(body.readableBytes()));
            return response;
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
