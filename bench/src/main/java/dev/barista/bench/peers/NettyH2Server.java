package dev.barista.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.AbstractHttp2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2FrameAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.AsciiString;
import io.netty.util.ResourceLeakDetector;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The Netty peer that {@code bench/h2-vs-netty.py} measures Barista's TLS and HTTP/2 against, built the way
 * Netty's own HTTP/2 examples are, with {@link NettyHelloServer}'s tuning (native epoll transport, pooled
 * buffers, the same {@code Date} header and HTTP/1.1 handler):
 * <ul>
 *   <li>on {@code --port}: cleartext HTTP/1.1 and h2c, both by prior knowledge (the connection preface) and by
 *       {@code Upgrade: h2c}, through {@link CleartextHttp2ServerUpgradeHandler};</li>
 *   <li>on {@code --tls-port}, with {@code --tls-cert} and {@code --tls-key} (PEM, the key PKCS#8): TLS by the JDK's
 *       provider ({@link SslProvider#JDK}, like Barista; no OpenSSL, no BouncyCastle), ALPN {@code h2} then
 *       {@code http/1.1}; a client that offers no ALPN gets HTTP/1.1.</li>
 * </ul>
 * HTTP/2 is served by an {@link Http2ConnectionHandler} with a frame listener (Netty's
 * {@code example/http2/helloworld/server}): frames are decoded and answered on the connection's own channel, with
 * no child channel and no frame object per stream, its cheapest API. The responses are written without a flush;
 * the handler flushes once per read batch in {@code channelReadComplete}, so the answers to one batch of streams
 * leave together. Request headers are validated as Netty does by default (HTTP/2's rules on names and pseudo-header
 * fields); the response headers, constants and a date, are not.
 *
 * <p>Routes, over every protocol: {@code GET /plaintext} answers {@code Hello, World!} as {@code text/plain};
 * {@code GET /json} answers {@code {"message":"Hello, World!"}} as {@code application/json}, serialized by Jackson
 * per request; anything else answers 404. Every answer has {@code content-length}, {@code date} and
 * {@code server: Netty}.
 *
 * <pre>
 * java -cp bench/target/barista-bench.jar dev.barista.bench.peers.NettyH2Server --port 8082 --threads 1 \
 *     --tls-cert cert.pem --tls-key key.pem --tls-port 8443
 * </pre>
 *
 * Flags: {@code --port} (8082; 0 picks a free one), {@code --threads} (event-loop threads, 1), {@code --host}
 * (127.0.0.1), {@code --tls-cert} and {@code --tls-key} (no TLS listener without them), {@code --tls-port} (8443).
 * Prints {@code NettyH2Server listening on PORT} for the cleartext listener and
 * {@code NettyH2Server listening on PORT (TLS)} for the other, once each accepts connections.
 */
public final class NettyH2Server {

    /** The same versions and suites, in the same order, as Barista's {@code TlsConfig} defaults. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private NettyH2Server() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8082;
        int tlsPort = 8443;
        int threads = 1;
        String host = "127.0.0.1";
        String cert = null;
        String key = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--tls-port" -> tlsPort = Integer.parseInt(value(args, ++i, "--tls-port"));
                case "--tls-cert" -> cert = value(args, ++i, "--tls-cert");
                case "--tls-key" -> key = value(args, ++i, "--tls-key");
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, "--threads"));
                case "--host" -> host = value(args, ++i, "--host");
                case "-h", "--help" -> {
                    System.out.println("usage: NettyH2Server [--port 8082] [--threads 1] [--host 127.0.0.1]"
                            + " [--tls-cert cert.pem --tls-key key.pem [--tls-port 8443]]");
                    return;
                }
                default -> fail(2, "unknown argument " + args[i]);
            }
        }
        if (threads < 1) fail(2, "--threads must be at least 1");
        if ((cert == null) != (key == null)) fail(2, "--tls-cert and --tls-key go together");
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        if (!Epoll.isAvailable()) {
            fail(1, "the native epoll transport is not available: " + Epoll.unavailabilityCause());
        }
        SslContext tls = cert == null ? null : SslContextBuilder.forServer(new File(cert), new File(key))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .build();

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory());
        try {
            NettyHelloServer.DateHeader date = new NettyHelloServer.DateHeader();
            date.start(group);
            NettyHelloServer.HelloHandler http1 = new NettyHelloServer.HelloHandler(date);

            Channel cleartext = bootstrap(group).childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    HttpServerCodec codec = new HttpServerCodec(NettyHelloServer.decoderConfig());
                    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(codec, protocol ->
                            AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                                    ? new Http2ServerUpgradeCodec(new H2HandlerBuilder(date).build())
                                    : null);
                    // The preface starts HTTP/2 at once; anything else goes through the HTTP/1.1 codec, which
                    // hands requests to http1 unless one asks for Upgrade: h2c.
                    ch.pipeline()
                            .addLast("h2c", new CleartextHttp2ServerUpgradeHandler(codec, upgrade,
                                    new H2OnPreface(date)))
                            .addLast("handler", http1);
                }
            }).bind(host, port).sync().channel();
            Channel secure = null;
            if (tls != null) {
                secure = bootstrap(group).childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", tls.newHandler(ch.alloc()))
                                .addLast("alpn", new Alpn(date, http1));
                    }
                }).bind(host, tlsPort).sync().channel();
            }

            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly(),
                    "netty-shutdown"));
            System.out.println("NettyH2Server listening on " + port(cleartext));
            if (secure != null) {
                System.out.println("NettyH2Server listening on " + port(secure) + " (TLS)");
            }
            System.out.flush();
            cleartext.closeFuture().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private static ServerBootstrap bootstrap(EventLoopGroup group) {
        return new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    private static int port(Channel listener) {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) fail(2, flag + " needs a value");
        return args[i];
    }

    private static void fail(int status, String message) {
        System.err.println("NettyH2Server: " + message);
        System.exit(status);
    }

    /** After the TLS handshake: HTTP/2 or HTTP/1.1, as ALPN chose (HTTP/1.1 when the client offered nothing). */
    static final class Alpn extends ApplicationProtocolNegotiationHandler {
        private final NettyHelloServer.DateHeader date;
        private final NettyHelloServer.HelloHandler http1;

        Alpn(NettyHelloServer.DateHeader date, NettyHelloServer.HelloHandler http1) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.date = date;
            this.http1 = http1;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline pipeline = ctx.pipeline();
            switch (protocol) {
                case ApplicationProtocolNames.HTTP_2 -> pipeline.addLast("h2", new H2HandlerBuilder(date).build());
                case ApplicationProtocolNames.HTTP_1_1 -> pipeline
                        .addLast("codec", new HttpServerCodec(NettyHelloServer.decoderConfig()))
                        .addLast("handler", http1);
                default -> throw new IllegalStateException("unexpected ALPN protocol " + protocol);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof IOException) {
                ctx.close(); // a reset before the protocol was chosen: not worth a warning per connection
            } else {
                super.exceptionCaught(ctx, cause);
            }
        }
    }

    /** Stands in for the HTTP/2 handler until the preface arrives: an HTTP/1.1 connection never builds one. */
    static final class H2OnPreface extends ChannelHandlerAdapter {
        private final NettyHelloServer.DateHeader date;

        H2OnPreface(NettyHelloServer.DateHeader date) {
            this.date = date;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().replace(this, "h2", new H2HandlerBuilder(date).build());
        }
    }

    /**
     * One connection's handler, made per connection as the builder wants. The settings that shape a GET's path are
     * Barista's defaults: 100 concurrent streams, a 1 MiB initial stream window.
     */
    static final class H2HandlerBuilder extends AbstractHttp2ConnectionHandlerBuilder<H2Handler, H2HandlerBuilder> {
        private final NettyHelloServer.DateHeader date;

        H2HandlerBuilder(NettyHelloServer.DateHeader date) {
            this.date = date;
            initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100).initialWindowSize(1 << 20));
        }

        @Override
        public H2Handler build() {
            return super.build();
        }

        @Override
        protected H2Handler build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                                  Http2Settings initialSettings) {
            decoder.frameListener(new Responder(encoder, date));
            return new H2Handler(decoder, encoder, initialSettings);
        }
    }

    /** The connection: Netty's HTTP/2 rules, plus the upgraded request's answer and a quiet close on I/O errors. */
    static final class H2Handler extends Http2ConnectionHandler {
        H2Handler(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder, Http2Settings initialSettings) {
            super(decoder, encoder, initialSettings);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HttpServerUpgradeHandler.UpgradeEvent upgrade) {
                // Upgrade: h2c: the HTTP/1.1 request that asked for it is stream 1, answered over HTTP/2
                HttpRequest request = upgrade.upgradeRequest();
                Http2Headers headers = new DefaultHttp2Headers().method(request.method().asciiName())
                        .path(request.uri());
                decoder().frameListener().onHeadersRead(ctx, 1, headers, 0, true);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
                super.exceptionCaught(ctx, cause); // a protocol error: GOAWAY or RST_STREAM, Netty's way
            } else {
                if (!(cause instanceof IOException || cause.getCause() instanceof SSLException)) {
                    cause.printStackTrace(); // not a peer's reset or a failed handshake: a bug here, shown in the log
                }
                ctx.close(); // nothing to say to the peer
            }
        }
    }

    /** Answers each request when its HEADERS arrive; a request body is read and dropped. */
    static final class Responder extends Http2FrameAdapter {
        private static final AsciiString SERVER_NAME = AsciiString.cached("Netty");
        private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
        private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");
        private static final AsciiString PLAINTEXT = AsciiString.cached("/plaintext");
        private static final AsciiString JSON = AsciiString.cached("/json");
        private static final AsciiString HELLO_LENGTH = AsciiString.cached(Integer.toString(PeerArgs.HELLO.length));
        private static final AsciiString ZERO = AsciiString.cached("0");
        /** The plaintext body, shared read-only: each response sends a duplicate of it. */
        private static final ByteBuf HELLO_BUFFER = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(PeerArgs.HELLO.length).writeBytes(PeerArgs.HELLO)).asReadOnly();

        private final Http2ConnectionEncoder encoder;
        private final NettyHelloServer.DateHeader date;

        Responder(Http2ConnectionEncoder encoder, NettyHelloServer.DateHeader date) {
            this.encoder = encoder;
            this.date = date;
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            return data.readableBytes() + padding; // consumed: the window opens again at once
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
                                  boolean endOfStream) {
            Http2Stream stream = encoder.connection().stream(streamId);
            if (stream == null || stream.isHeadersSent()) {
                return; // trailers, or a stream already answered
            }
            boolean get = HttpMethod.GET.asciiName().contentEquals(headers.method());
            CharSequence path = headers.path();
            if (get && PLAINTEXT.contentEquals(path)) {
                respond(ctx, streamId, HttpResponseStatus.OK, TEXT_PLAIN, HELLO_LENGTH, HELLO_BUFFER.duplicate());
            } else if (get && JSON.contentEquals(path)) {
                ByteBuf body = NettyHelloServer.HelloHandler.json(ctx);
                respond(ctx, streamId, HttpResponseStatus.OK, APPLICATION_JSON,
                        AsciiString.of(Integer.toString(body.readableBytes())), body);
            } else {
                respond(ctx, streamId, HttpResponseStatus.NOT_FOUND, null, ZERO, null);
            }
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
                                  short weight, boolean exclusive, int padding, boolean endOfStream) {
            onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        /** Writes without a flush: {@link Http2ConnectionHandler} flushes once per read batch. */
        private void respond(ChannelHandlerContext ctx, int streamId, HttpResponseStatus status,
                             AsciiString contentType, AsciiString contentLength, ByteBuf body) {
            Http2Headers headers = new DefaultHttp2Headers(false).status(status.codeAsText());
            if (contentType != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            }
            headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength)
                    .set(HttpHeaderNames.SERVER, SERVER_NAME)
                    .set(HttpHeaderNames.DATE, date.get());
            encoder.writeHeaders(ctx, streamId, headers, 0, body == null, ctx.newPromise());
            if (body != null) {
                encoder.writeData(ctx, streamId, body, 0, true, ctx.newPromise());
            }
        }
    }
}
