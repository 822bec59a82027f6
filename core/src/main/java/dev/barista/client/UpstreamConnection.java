package dev.barista.client;

import dev.barista.http.Headers;
import dev.barista.http.RequestEncoder;
import dev.barista.http.ResponseHead;
import dev.barista.http.ResponseParser;
import dev.barista.http.ResponseSink;
import dev.barista.protocol.InboundBuffer;
import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.IoHandler;
import dev.barista.transport.nio.LoopTimer;
import dev.barista.transport.nio.Poller;
import dev.barista.transport.nio.Registration;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client connection to an upstream, on its pool's event loop: connect, then one exchange at a time (no
 * pipelining) — write the request, parse the response with the strict {@link ResponseParser}, and either go back
 * to the pool (keep-alive) or close. A connection is never reused after {@code Connection: close}, a body
 * delimited by the close, a framing error, a timeout, a cancellation with bytes in flight, a response that came
 * before the request was fully sent, or bytes beyond the response (the server sent something we did not ask for).
 *
 * <p>Every field belongs to the loop's thread.
 */
final class UpstreamConnection implements IoHandler, ResponseSink {
    private static final System.Logger LOG = System.getLogger(UpstreamConnection.class.getName());
    private static final byte[] EMPTY = new byte[0];

    /** Where the connection is in its life. */
    enum State {
        /** TCP connect in progress, under the connect timeout (the exchange may have been cancelled meanwhile). */
        CONNECTING,
        /** In the pool, unused; read interest stays on so that a close by the server is noticed at once. */
        IDLE,
        /** Writing the request (a response may already be arriving: it is read too). */
        SENDING,
        /** The request is written; reading the response. */
        RECEIVING,
        CLOSED
    }

    private final ConnectionPool pool;
    private final EventLoop loop;
    private final ResponseParser parser;
    private SocketChannel channel;
    private Registration registration;
    private State state = State.CONNECTING;
    private ClientExchange exchange;
    /** The connect timer while CONNECTING, the idle timer while IDLE. Request timers are the exchange's. */
    private LoopTimer timer;
    /** Whether an exchange already completed here: a failure before any byte then means the server closed it. */
    private boolean reused;

    /** Unparsed input kept between reads (a partial head or chunk line; bodies are consumed as they come). */
    private final InboundBuffer inbound;
    // The exchange in progress (loop thread only).
    private ByteBuffer[] outbound;
    private long responseBytes;
    private ResponseHead head;
    private byte[] body = EMPTY;
    private int bodyLength;
    private Headers trailers;
    private boolean responseComplete;

    UpstreamConnection(ConnectionPool pool) {
        this.pool = pool;
        this.loop = pool.loop;
        this.parser = new ResponseParser(pool.config.limits());
        this.inbound = new InboundBuffer(pool.readBuffer, 1024);
    }

    /** Opens the TCP connection for its first exchange. */
    void connect(ClientExchange first) {
        assert loop.inLoop();
        attach(first);
        timer = pool.arm(pool.config.connectTimeout().toNanos(), this::connectTimedOut);
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(pool.address)) {
                registration = loop.register(channel, Poller.READ, this);
                connected();
            } else {
                registration = loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void ready(int readyOps) {
        try {
            switch (state) {
                case CONNECTING -> {
                    if ((readyOps & SelectionKey.OP_CONNECT) != 0 && channel.finishConnect()) {
                        registration.interest(Poller.READ);
                        connected();
                    }
                }
                case SENDING, RECEIVING -> {
                    if ((readyOps & Poller.WRITE) != 0) flush();
                    if ((readyOps & Poller.READ) != 0 && state != State.CLOSED) onReadable();
                }
                case IDLE -> onReadableWhileIdle();
                case CLOSED -> { }
            }
        } catch (IOException e) {
            fail(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "client connection failed", e);
            fail(new IOException("client connection failed", e));
        }
    }

    private void connected() {
        pool.disarm(timer);
        timer = null;
        if (exchange == null) {
            state = State.IDLE;
            pool.release(this); // its request was cancelled while connecting: serve the next one, or idle
        } else {
            start();
        }
    }

    /** Starts an exchange on this idle (or just connected) connection. */
    void begin(ClientExchange next) {
        assert loop.inLoop() && state == State.IDLE;
        pool.disarm(timer);
        timer = null;
        attach(next);
        start();
    }

    private void attach(ClientExchange next) {
        exchange = next;
        next.connection = this;
        next.state = ClientExchange.State.ACTIVE;
    }

    private void start() {
        ClientExchange ex = exchange;
        ClientRequest request = ex.request;
        parser.expectResponseTo(request.method());
        responseBytes = 0;
        head = null;
        body = EMPTY;
        bodyLength = 0;
        trailers = null;
        responseComplete = false;
        ByteBuffer headBuffer = ByteBuffer.allocate(RequestEncoder.headSizeBound(request.method(), request.target(),
                pool.authority, request.headers()));
        RequestEncoder.encodeHead(request.method(), request.target(), pool.authority, request.headers(),
                request.body().length, headBuffer);
        outbound = new ByteBuffer[]{headBuffer.flip(), ByteBuffer.wrap(request.body())};
        ex.timer = pool.arm(pool.config.requestTimeout().toNanos(), () -> requestTimedOut(ex));
        state = State.SENDING;
        try {
            flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void flush() throws IOException {
        channel.write(outbound);
        if (outbound[1].hasRemaining()) {
            registration.interest(Poller.READ | Poller.WRITE);
        } else {
            outbound = null;
            state = State.RECEIVING;
            registration.interest(Poller.READ);
        }
    }

    // ---- input -----------------------------------------------------------------------------------------

    private void onReadable() throws IOException {
        ByteBuffer buffer = inbound.forRead();
        int n = channel.read(buffer);
        buffer.flip();
        if (n < 0) {
            inbound.clear();
            onEndOfInput();
            return;
        }
        responseBytes += n;
        ResponseParser.Progress progress = parser.parse(buffer, this);
        switch (progress) {
            case MESSAGE_DONE -> {
                // Bytes after the response answer nothing we asked: the connection cannot be trusted again.
                boolean reusable = head.keepAlive() && state == State.RECEIVING && !buffer.hasRemaining();
                inbound.clear();
                finish(reusable);
            }
            case ERROR -> {
                inbound.clear();
                fail(new MalformedResponseException(parser.error()));
            }
            case NEED_MORE -> inbound.keep(buffer);
        }
    }

    private void onEndOfInput() {
        ResponseParser.Progress progress = parser.endOfInput(this);
        if (progress == ResponseParser.Progress.MESSAGE_DONE) {
            finish(false);
        } else if (responseBytes == 0) {
            fail(new IOException("the server closed the connection before responding"));
        } else {
            fail(new MalformedResponseException(parser.error()));
        }
    }

    /** An idle connection reads only to notice a close; anything else from the server is unasked-for. */
    private void onReadableWhileIdle() throws IOException {
        ByteBuffer buffer = pool.readBuffer.clear();
        channel.read(buffer);
        close(); // end of input, or bytes no request asked for
    }


    @Override
    public void head(ResponseHead h) {
        head = h;
        if (h.framing() == ResponseHead.BodyFraming.FIXED) {
            // Sized by what the server claims only up to a modest bound; larger bodies grow as they arrive.
            body = new byte[(int) Math.min(h.contentLength(), 64 * 1024)];
        }
    }

    @Override
    public void content(ByteBuffer slice) {
        int n = slice.remaining();
        if (bodyLength + n > body.length) {
            // The parser bounds the total by maxBodySize, so this stays within the configured limit.
            body = Arrays.copyOf(body, Math.max(bodyLength + n, Math.max(1024, body.length * 2)));
        }
        slice.get(body, bodyLength, n);
        bodyLength += n;
    }

    @Override
    public void end(Headers t) {
        trailers = t;
        responseComplete = true;
    }

    // ---- outcomes --------------------------------------------------------------------------------------

    /** The response is complete: back to the pool or closed, then the callback. */
    private void finish(boolean reusable) {
        assert responseComplete;
        ClientExchange ex = exchange;
        exchange = null;
        byte[] bytes = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        ClientResponse response = new ClientResponse(head.status(), head.reason(), head.version(), head.headers(),
                bytes, trailers);
        head = null;
        body = EMPTY;
        pool.disarm(ex.timer);
        ex.timer = null;
        if (reusable) {
            reused = true;
            state = State.IDLE;
            pool.release(this);
        } else {
            close();
        }
        ex.complete(response);
    }

    /** Called by the pool when this connection goes idle. */
    void idle() {
        timer = pool.arm(pool.config.idleTimeout().toNanos(), this::close);
    }

    /** Closes and fails the exchange in progress, if any. */
    void fail(Throwable failure) {
        ClientExchange ex = exchange;
        boolean stale = reused && responseBytes == 0 && !(failure instanceof ClientTimeoutException);
        exchange = null;
        close();
        if (ex != null) pool.failed(ex, failure, stale);
    }

    private void connectTimedOut() {
        timer = null; // fired
        fail(new ClientTimeoutException(ClientTimeoutException.Phase.CONNECT,
                "connect to " + pool.authority + " took over " + pool.config.connectTimeout().toMillis() + " ms"));
    }

    private void requestTimedOut(ClientExchange ex) {
        ex.timer = null; // fired
        if (exchange != ex) return;
        fail(new ClientTimeoutException(ClientTimeoutException.Phase.REQUEST,
                "no complete response from " + pool.authority + " within "
                        + pool.config.requestTimeout().toMillis() + " ms"));
    }

    /** Cancels the exchange in progress. Bytes in flight mean the connection cannot be reused: it closes. */
    void abort(ClientExchange ex) {
        assert loop.inLoop();
        if (exchange != ex) return;
        exchange = null;
        // Nothing was sent while connecting: the connection stays useful for the next request.
        if (state != State.CONNECTING) close();
        ex.cancelled();
    }

    /** Releases the descriptor and leaves the pool; the exchange, if any, is the caller's to fail. */
    void close() {
        if (state == State.CLOSED) return;
        state = State.CLOSED;
        pool.disarm(timer);
        timer = null;
        outbound = null;
        inbound.clear();
        if (registration != null) registration.cancel();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket only fails if it is already broken; the descriptor is released either way
            }
        }
        pool.closed(this);
    }

    @Override
    public String toString() {
        return "UpstreamConnection[" + pool.authority + ", " + state + "]";
    }
}
