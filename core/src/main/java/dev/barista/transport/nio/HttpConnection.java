package dev.barista.transport.nio;

import dev.barista.handler.Endpoint;
import dev.barista.handler.Handler;
import dev.barista.handler.Request;
import dev.barista.handler.RequestBody;
import dev.barista.handler.Route;
import dev.barista.handler.RouteMatch;
import dev.barista.http.Headers;
import dev.barista.http.HttpError;
import dev.barista.http.HttpException;
import dev.barista.http.MessageSink;
import dev.barista.http.RequestHead;
import dev.barista.http.RequestParser;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.http.ResponseEncoder;
import dev.barista.server.BodyPipe;
import dev.barista.server.CloseReason;
import dev.barista.server.Invocation;
import dev.barista.server.Overload;
import dev.barista.server.Resolution;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One HTTP/1.1 connection on an event loop: bytes in through the parser, exchanges dispatched where the
 * model says, responses out in request order, with timeouts and backpressure.
 *
 * <p>Every field belongs to the loop's thread. Workers and async completions reach the connection only
 * through {@link EventLoop#execute}.
 */
final class HttpConnection implements IoHandler, MessageSink {
    private static final System.Logger LOG = System.getLogger(HttpConnection.class.getName());
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Where the connection is in its life. Reading stops for good at LAST_REQUEST_READ and beyond. */
    enum State {
        /** Parsing requests as they come. */
        READING,
        /** The last request was read (it asked to close, or the server drains): the rest of input is ignored. */
        LAST_REQUEST_READ,
        /** A message could not be parsed: its error answer is queued, the rest of the input is discarded. */
        BAD_MESSAGE,
        /** Everything is written and our side is shut: input is drained briefly so the peer sees no reset. */
        LINGERING,
        CLOSED
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final ServerContext context;
    private final ServerConfig config;
    private final Set<HttpConnection> registry;
    private final RequestParser parser;
    private final OutboundBuffer out;
    private final ArrayDeque<Exchange> inFlight = new ArrayDeque<>();
    private Registration registration;
    private State state = State.READING;
    /** Why the connection ends, set by the first event that decides it (then counted at close). */
    private CloseReason closeReason;

    /** Unparsed input kept between reads (a partial message, or requests past the pipeline limit). */
    private final InboundBuffer inbound;
    /** The exchange whose body is being received. */
    private Exchange receiving;
    /** A response body streaming from a worker; later responses wait behind it. */
    private StreamPump streaming;
    private boolean inputClosed;
    private boolean readPausedByBackpressure;
    /** A streamed request body's handler has enough unread bytes: read more when it has consumed them. */
    private boolean readPausedByBody;
    private boolean processing;

    // Timeouts: one timer per connection, and deadlines derived from these instants (loop.now()).
    private LoopTimer timer;
    private long timerDeadline = NO_DEADLINE;
    private long lastActivityNanos;
    private long messageStartNanos;
    private long lingerStartNanos;

    HttpConnection(EventLoop loop, SocketChannel channel, ServerContext context, Set<HttpConnection> registry) {
        this.loop = loop;
        this.channel = channel;
        this.context = context;
        this.config = context.config();
        this.registry = registry;
        this.parser = new RequestParser(config.limits());
        this.out = new OutboundBuffer(loop.writeStaging);
        this.inbound = new InboundBuffer(loop.readBuffer, 4096);
    }

    /** Joins the loop, which already counts this connection (the acceptor counted it when choosing). */
    void open() throws IOException {
        assert loop.inLoop();
        registration = loop.register(channel, Poller.READ, this);
        registry.add(this);
        lastActivityNanos = loop.now();
        armTimer();
    }

    State state() {
        return state;
    }

    @Override
    public void ready(int readyOps) {
        try {
            if ((readyOps & Poller.WRITE) != 0) onWritable();
            if ((readyOps & Poller.READ) != 0 && state != State.CLOSED) onReadable();
        } catch (IOException e) {
            close(CloseReason.IO_ERROR); // the peer reset or vanished: nothing to answer
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", e);
            close(CloseReason.IO_ERROR);
        }
    }

    // ---- input -----------------------------------------------------------------------------------------

    private void onReadable() throws IOException {
        if (state == State.LINGERING) {
            drainLingering();
            return;
        }
        if (state != State.READING) return;
        ByteBuffer buffer = inbound.forRead();
        int n = channel.read(buffer);
        buffer.flip();
        long now = loop.now();
        if (n < 0) {
            inbound.clear();
            onInputClosed();
            return;
        }
        lastActivityNanos = now;
        if (messageStartNanos == 0) messageStartNanos = now;
        processing = true;
        try {
            process(buffer);
            inbound.keep(buffer);
        } finally {
            processing = false;
        }
        if (parser.isIdle() && !inbound.hasLeftover()) messageStartNanos = 0;
        flush();
    }

    /** Parses and dispatches every complete request in the buffer, as far as the pipeline limit allows. */
    private void process(ByteBuffer buffer) {
        while (state == State.READING && buffer.hasRemaining() && inFlight.size() < config.maxPipelined()
                && !readPausedByBody) {
            RequestParser.Progress progress = parser.parse(buffer, this);
            if (progress == RequestParser.Progress.ERROR) {
                badMessage(parser.error());
            } else if (progress == RequestParser.Progress.NEED_MORE) {
                break;
            }
        }
        if (state != State.READING) buffer.position(buffer.limit());
    }

    private void onInputClosed() {
        inputClosed = true;
        endBecause(CloseReason.CLIENT_CLOSED);
        failStreamedBody("the client closed the connection mid-body");
        // Unsent output counts as unfinished too: a client may half-close right after its last request,
        // and that ends its requests, not our responses. flush() closes once everything is written.
        if (inFlight.isEmpty() && streaming == null && !out.hasPending()) {
            close(CloseReason.CLIENT_CLOSED);
        } else {
            // Answer what was fully received; a request cut off mid-way is dropped.
            receiving = null;
            if (state == State.READING) state = State.LAST_REQUEST_READ;
            updateInterest();
        }
    }

    @Override
    public void head(RequestHead head) {
        receiving = new Exchange(head, loop.now());
        if (head.expectContinue() && inFlight.isEmpty() && streaming == null) {
            // Only when nothing else is queued: an interim response must not overtake earlier answers.
            byte[] interim = ResponseEncoder.continueLine();
            out.append(interim, 0, interim.length);
        }
        if (head.hasBody()) startStreamedBody(receiving);
    }

    @Override
    public void content(ByteBuffer slice) {
        if (receiving.pipe == null) {
            receiving.appendBody(slice);
        } else if (receiving.pipe.offer(slice)) {
            readPausedByBody = true;
        }
    }

    @Override
    public void end(Headers trailers) {
        Exchange exchange = receiving;
        receiving = null;
        exchange.trailers = trailers;
        messageStartNanos = lastActivityNanos;
        if (exchange.pipe != null) {
            // Already queued and running since its head arrived: its body is complete now.
            exchange.pipe.finish();
            if (!exchange.head.keepAlive() || context.draining()) state = State.LAST_REQUEST_READ;
            return;
        }
        inFlight.add(exchange);
        context.stats().requests.increment();
        if (!exchange.head.keepAlive() || context.draining()) state = State.LAST_REQUEST_READ;
        dispatch(exchange);
    }

    /**
     * A {@link Endpoint.Streaming} route starts as soon as its head is here, on a thread that may block,
     * reading the body through a {@link BodyPipe} while this loop keeps receiving it. Where the model has no
     * such thread, the body is received whole first, like any other.
     */
    private void startStreamedBody(Exchange exchange) {
        RouteMatch match;
        try {
            match = context.router().match(exchange.head.method(), exchange.head.path());
        } catch (HttpException e) {
            return; // answered with its 400 once the body is in
        }
        if (!(match instanceof RouteMatch.Found found) || !(found.route().endpoint() instanceof Endpoint.Streaming s)) {
            return;
        }
        Executor executor = context.dispatcher().executorFor(s);
        if (executor == null) return;
        BodyPipe pipe = new BodyPipe(config.highWaterMark(), config.lowWaterMark(), this::resumeBodyFromAnyThread);
        exchange.pipe = pipe;
        exchange.route = found.route();
        inFlight.add(exchange);
        context.stats().requests.increment();
        Request request = new Request(exchange.head, RequestBody.streaming(pipe.stream()), Headers.EMPTY,
                found.params());
        runOn(executor, exchange, () -> {
            try {
                return Invocation.call(s.handler(), request, found.route(), context.stats());
            } finally {
                // Whatever the handler left unread is discarded, so the connection can move on.
                closeQuietly(pipe.stream());
            }
        });
    }

    /** The streamed body's reader caught up: resume reading on the loop. */
    private void resumeBodyFromAnyThread() {
        try {
            loop.execute(() -> {
                if (state == State.CLOSED || !readPausedByBody) return;
                readPausedByBody = false;
                processBuffered();
                updateInterest();
                armTimer();
            });
        } catch (RejectedExecutionException ignored) {
            // the loop stopped; the connection is gone
        }
    }

    private void failStreamedBody(String why) {
        if (receiving != null && receiving.pipe != null) receiving.pipe.fail(new IOException(why));
    }

    private void badMessage(HttpError error) {
        endBecause(CloseReason.PROTOCOL_ERROR); // unless a timeout decided first
        context.stats().badRequests.increment();
        Response answer = Response.error(error.status(), error.reason()).withCloseConnection();
        if (receiving != null && receiving.pipe != null) {
            // Its handler is already running and queued: the error becomes that exchange's answer.
            receiving.pipe.fail(new IOException("the request body failed: " + error.reason()));
            receiving.overridden = answer;
        } else {
            inFlight.add(Exchange.failed(answer, loop.now()));
        }
        receiving = null;
        state = State.BAD_MESSAGE;
        writeReady();
    }

    // ---- dispatch --------------------------------------------------------------------------------------

    private void dispatch(Exchange exchange) {
        switch (Resolution.of(context.router(), exchange.head, exchange.body(), exchange.trailers)) {
            case Resolution.Answer answer -> complete(exchange, answer.response());
            case Resolution.Call call -> {
                exchange.route = call.route();
                run(exchange, call.request(), call.route());
            }
        }
    }

    private void run(Exchange exchange, Request request, Route route) {
        Endpoint endpoint = route.endpoint();
        Executor executor = context.dispatcher().executorFor(endpoint);
        switch (endpoint) {
            case Endpoint.Async async -> {
                CompletionStage<Response> stage = Invocation.callAsync(async.handler(), request);
                // Complete inline only for a stage that is done within this call. One completed later on this
                // loop's thread, by another connection's handler, goes through the task queue: that
                // connection may have unflushed bytes in the loop's shared staging buffer, which our flush
                // would otherwise send on our socket.
                boolean[] dispatching = {true};
                stage.whenComplete((response, failure) -> {
                    Response r = failure == null ? response
                            : Invocation.failure(failure, request, route, context.stats());
                    if (dispatching[0] && loop.inLoop()) complete(exchange, r);
                    else completeLater(exchange, r);
                });
                dispatching[0] = false;
            }
            default -> {
                Handler handler = Endpoint.handlerOf(endpoint);
                if (executor == null) {
                    complete(exchange, Invocation.call(handler, request, route, context.stats()));
                } else {
                    runOn(executor, exchange, () -> Invocation.call(handler, request, route, context.stats()));
                }
            }
        }
    }

    /** The one hand-off from the loop: a refused hand-off (full kitchen) is answered 503 at once. */
    private void runOn(Executor executor, Exchange exchange, Supplier<Response> call) {
        try {
            executor.execute(() -> completeLater(exchange, call.get()));
        } catch (RejectedExecutionException e) {
            context.stats().rejected(exchange.route);
            if (exchange.pipe != null) closeQuietly(exchange.pipe.stream());
            complete(exchange, Overload.workersBusy());
        }
    }

    /** From a worker or a completing future: hand the response to the loop. */
    private void completeLater(Exchange exchange, Response response) {
        try {
            loop.execute(() -> complete(exchange, response));
        } catch (RejectedExecutionException e) {
            releaseBody(response); // the loop is gone, and the connection with it
        }
    }

    private void complete(Exchange exchange, Response response) {
        assert loop.inLoop();
        if (state == State.CLOSED || exchange.dropped) {
            releaseBody(response); // nobody will send it: release its file or stream now
            return;
        }
        if (exchange.overridden != null) {
            releaseBody(response);
            response = exchange.overridden;
        }
        exchange.response = response;
        writeReady();
        if (processing) return;
        flush();
        processBuffered();
    }

    // ---- output ----------------------------------------------------------------------------------------

    /** Encodes every response that is next in line, stopping at the first one not ready yet. */
    private void writeReady() {
        while (streaming == null && !inFlight.isEmpty() && inFlight.peek().response != null) {
            Exchange exchange = inFlight.poll();
            context.answered(exchange.head, exchange.route, exchange.response, exchange.startNanos, channel);
            boolean close = exchange.closesConnection() || context.draining() || isLastAnswer(exchange);
            // encode() may decide to close (a body delimited by the close): then nothing may follow it.
            close = encode(exchange, close);
            if (close) {
                endBecause(context.draining() ? CloseReason.SERVER_STOP : CloseReason.RESPONSE_CLOSE);
                if (state == State.READING) state = State.LAST_REQUEST_READ;
                // Requests pipelined after a closing response are never answered; the client retries them.
                dropInFlight();
                return;
            }
        }
    }

    /** The last response a connection that reads no more will send. */
    private boolean isLastAnswer(Exchange exchange) {
        return state != State.READING && inFlight.isEmpty() && receiving == null;
    }

    /** Encodes one response; returns whether the connection closes after it. */
    private boolean encode(Exchange exchange, boolean close) {
        Response response = exchange.response;
        ResponseEncoder.Framing framing = ResponseEncoder.framing(response, exchange.version(), exchange.isHead());
        if (framing == ResponseEncoder.Framing.UNTIL_CLOSE) close = true;
        ByteBuffer staging = out.staging();
        if (!ResponseEncoder.encodeHead(response, exchange.version(), exchange.isHead(), close, staging)) {
            flushQuietly();
            if (!ResponseEncoder.encodeHead(response, exchange.version(), exchange.isHead(), close, staging)) {
                LOG.log(System.Logger.Level.ERROR, "response head larger than the staging buffer: " + response);
                releaseBody(response);
                close(CloseReason.IO_ERROR);
                return true;
            }
        }
        boolean sendsBody = ResponseEncoder.sendsBody(framing);
        switch (response.body()) {
            case ResponseBody.Empty ignored -> { }
            case ResponseBody.Bytes bytes -> {
                if (sendsBody) out.append(bytes.array(), bytes.offset(), bytes.count());
            }
            case ResponseBody.FileRegion file -> {
                if (sendsBody) out.append(file);
                else releaseBody(response);
            }
            case ResponseBody.Stream stream -> {
                if (sendsBody) {
                    streaming = new StreamPump(this, stream, framing == ResponseEncoder.Framing.CHUNKED,
                            context.virtualThreads());
                    streaming.start();
                } else {
                    releaseBody(response);
                }
            }
        }
        if (close && state == State.READING) state = State.LAST_REQUEST_READ;
        return close;
    }

    /** Writes what is queued; decides the interest set, closing, and the next deadline. */
    private void flush() {
        if (state == State.CLOSED) return;
        try {
            if (out.hasPending()) {
                long written = out.flush(channel);
                if (written > 0) lastActivityNanos = loop.now();
            }
        } catch (IOException e) {
            close(CloseReason.IO_ERROR);
            return;
        }
        if (streaming != null) streaming.outputDrained(out.pendingBytes());
        boolean readsNoMore = state == State.LAST_REQUEST_READ || state == State.BAD_MESSAGE;
        if (readsNoMore && !out.hasPending() && streaming == null && inFlight.isEmpty()) {
            finishOutput();
            return;
        }
        updateInterest();
        armTimer();
    }

    private void flushQuietly() {
        try {
            out.flush(channel);
        } catch (IOException e) {
            out.discard();
        }
    }

    private void onWritable() {
        flush();
        processBuffered();
    }

    /**
     * Parses requests that were read but held back (pipeline full or output backlogged) once there is
     * room again: no read event will come for bytes already read.
     */
    private void processBuffered() {
        if (state != State.READING || !inbound.hasLeftover()
                || inFlight.size() >= config.maxPipelined() || readPausedByBackpressure || readPausedByBody) return;
        processing = true;
        try {
            ByteBuffer leftover = inbound.leftover();
            process(leftover);
            inbound.keep(leftover);
        } finally {
            processing = false;
        }
        flush();
    }

    private void updateInterest() {
        if (state == State.CLOSED) return;
        long pending = out.pendingBytes();
        if (pending > config.highWaterMark()) readPausedByBackpressure = true;
        else if (pending < config.lowWaterMark()) readPausedByBackpressure = false;
        int ops = 0;
        boolean wantsInput = (state == State.READING && !inputClosed && !readPausedByBackpressure && !readPausedByBody
                && inFlight.size() < config.maxPipelined()) || state == State.LINGERING;
        if (wantsInput) ops |= Poller.READ;
        if (out.hasPending()) ops |= Poller.WRITE;
        registration.interest(ops);
    }

    // ---- streamed bodies -------------------------------------------------------------------------------

    /** A chunk read by the stream pump, delivered on the loop. */
    void streamChunk(StreamPump pump, byte[] data, int length) {
        if (pump != streaming || state == State.CLOSED) return;
        if (pump.chunked()) ResponseEncoder.putChunkHeader(out.staging(), length);
        out.append(data, 0, length);
        if (pump.chunked()) ResponseEncoder.putCrlf(out.staging());
        flush();
    }

    /** The stream ended (or failed); later responses may now go out. */
    void streamEnd(StreamPump pump, boolean complete) {
        if (pump != streaming || state == State.CLOSED) return;
        streaming = null;
        if (!complete) {
            endBecause(CloseReason.IO_ERROR);
            // The head promised a body we cannot deliver: only closing tells the client. Earlier answers
            // (and the body's first part) are still queued and still go out first.
            if (state == State.READING) state = State.LAST_REQUEST_READ;
            receiving = null;
            dropInFlight();
            flush();
            return;
        }
        if (pump.chunked()) ResponseEncoder.putLastChunk(out.staging());
        writeReady();
        flush();
        // Requests held back behind the stream (pipeline full) are already read: no read event will come
        // for them, so parse them now or the connection stalls.
        processBuffered();
    }

    EventLoop loop() {
        return loop;
    }

    // ---- closing ---------------------------------------------------------------------------------------

    /**
     * All answers are written and nothing more will be read: half-close our side and drain the peer's
     * input for a moment, so that unread request bytes do not turn our last response into a reset.
     */
    private void finishOutput() {
        if (inputClosed) {
            close(CloseReason.CLIENT_CLOSED);
            return;
        }
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            close(CloseReason.IO_ERROR);
            return;
        }
        state = State.LINGERING;
        lingerStartNanos = loop.now();
        inbound.clear();
        updateInterest();
        armTimer();
    }

    private void drainLingering() throws IOException {
        ByteBuffer sink = loop.readBuffer.clear();
        for (int i = 0; i < 16; i++) {
            int n = channel.read(sink.clear());
            if (n < 0) {
                close(CloseReason.RESPONSE_CLOSE);
                return;
            }
            if (n == 0) return;
        }
    }

    /**
     * Graceful stop: connections idle for {@link ServerContext#DRAIN_IDLE_NANOS} close now, recently active
     * ones at that point unless a request comes first (answered with {@code Connection: close}), busy ones
     * after their in-flight answers.
     */
    void drain() {
        if (state == State.CLOSED) return;
        if (inFlight.isEmpty() && receiving == null && streaming == null && !out.hasPending()
                && !inbound.hasLeftover() && parser.isIdle()) {
            if (loop.now() - lastActivityNanos >= ServerContext.DRAIN_IDLE_NANOS) {
                close(CloseReason.SERVER_STOP);
            } else {
                endBecause(CloseReason.SERVER_STOP);
                armTimer(); // the idle deadline is shorter while draining
            }
            return;
        }
        endBecause(CloseReason.SERVER_STOP);
        if (state == State.READING && parser.isIdle() && !inbound.hasLeftover()) {
            // Answer what is in flight with Connection: close, and read nothing more.
            state = State.LAST_REQUEST_READ;
            updateInterest();
        }
    }

    /** The first reason decided wins; a connection is counted once. */
    private void endBecause(CloseReason reason) {
        if (closeReason == null) closeReason = reason;
    }

    /** Closes now, counted under the reason already decided, or else {@code reason}. */
    void close(CloseReason reason) {
        if (state == State.CLOSED) return;
        endBecause(reason);
        state = State.CLOSED;
        if (timer != null) timer.cancel();
        if (registration != null) registration.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
        out.discard();
        inbound.clear();
        receiving = null;
        dropInFlight();
        if (streaming != null) {
            streaming.cancel();
            streaming = null;
        }
        registry.remove(this);
        loop.connections.decrementAndGet();
        context.connectionClosed(closeReason);
    }

    /** Forgets the exchanges still waiting; a handler finishing one later has its body released. */
    private void dropInFlight() {
        for (Exchange exchange : inFlight) {
            exchange.dropped = true;
            if (exchange.pipe != null) exchange.pipe.fail(new IOException("the connection closed"));
            if (exchange.response != null) releaseBody(exchange.response);
        }
        inFlight.clear();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }

    private static void releaseBody(Response response) {
        try {
            switch (response.body()) {
                case ResponseBody.FileRegion file -> file.channel().close();
                case ResponseBody.Stream stream -> stream.stream().close();
                default -> { }
            }
        } catch (IOException ignored) {
            // releasing only
        }
    }

    // ---- timeouts --------------------------------------------------------------------------------------

    /** The deadline that applies now, derived from the state (never stored per kind). */
    private long deadline() {
        var t = config.timeouts();
        if (state == State.LINGERING) return lingerStartNanos + t.linger().toNanos();
        if (out.hasPending()) return lastActivityNanos + t.write().toNanos();
        if (readPausedByBody) return NO_DEADLINE; // our handler is slow to read, not the client to send
        boolean partialInput = !parser.isIdle() || inbound.hasLeftover();
        if (state == State.READING && partialInput) {
            return parser.inBody() ? lastActivityNanos + t.body().toNanos()
                    : messageStartNanos + t.requestHeader().toNanos();
        }
        if (!inFlight.isEmpty() || streaming != null) return NO_DEADLINE; // the handler's time is its own
        long idle = t.idle().toNanos();
        return lastActivityNanos + (context.draining() ? Math.min(idle, ServerContext.DRAIN_IDLE_NANOS) : idle);
    }

    /** Keeps one timer at or before the current deadline; moving a deadline later costs nothing. */
    private void armTimer() {
        if (state == State.CLOSED) return;
        long deadline = deadline();
        if (deadline == NO_DEADLINE || (timer != null && !timer.isCancelled() && timerDeadline <= deadline)) return;
        if (timer != null) timer.cancel();
        timerDeadline = deadline;
        timer = loop.scheduleAt(deadline, this::onTimer);
    }

    private void onTimer() {
        timer = null;
        timerDeadline = NO_DEADLINE;
        if (state == State.CLOSED) return;
        long deadline = deadline();
        if (deadline == NO_DEADLINE) return;
        if (loop.now() - deadline < 0) {
            timerDeadline = deadline;
            timer = loop.scheduleAt(deadline, this::onTimer);
            return;
        }
        if (state != State.LINGERING) context.stats().timeouts.increment();
        if (state == State.READING && (!parser.isIdle() || inbound.hasLeftover())
                && !out.hasPending()) {
            // A request head or body that stopped arriving: say so, then close.
            endBecause(CloseReason.REQUEST_TIMEOUT);
            badMessage(new HttpError(408, "Request timeout"));
            flush();
        } else if (state == State.LINGERING) {
            close(CloseReason.RESPONSE_CLOSE);
        } else {
            // A timeout is the real reason even if a response had already decided to close (an unread one).
            closeReason = out.hasPending() ? CloseReason.WRITE_TIMEOUT
                    : context.draining() ? CloseReason.SERVER_STOP : CloseReason.IDLE_TIMEOUT;
            close(closeReason);
        }
    }
}
