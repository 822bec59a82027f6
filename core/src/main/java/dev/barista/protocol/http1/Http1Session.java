package dev.barista.protocol.http1;

import dev.barista.dispatch.RequestDispatcher;
import dev.barista.handler.ConnectionInfo;
import dev.barista.handler.RequestBody;
import dev.barista.http.Headers;
import dev.barista.http.HttpError;
import dev.barista.http.MessageSink;
import dev.barista.http.RequestHead;
import dev.barista.http.RequestParser;
import dev.barista.http.Response;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.TransportLink;
import dev.barista.protocol.UnsentResponse;
import dev.barista.protocol.http2.Http2Session;
import dev.barista.protocol.http2.Settings;
import dev.barista.protocol.BodyBuffer;
import dev.barista.protocol.BodyPipe;
import dev.barista.server.CloseReason;
import dev.barista.server.DataRate;
import dev.barista.runtime.MemoryBudget;
import dev.barista.server.ServerConfig;
import dev.barista.runtime.ServerContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP/1.1 connection protocol, written once, with no I/O: bytes in ({@link #received}), requests out to
 * the dispatcher, responses in ({@link #complete}), bytes out (into its {@link OutboundBuffer}) and, for the
 * transport to obey after every event, what to do next: {@link #wantsInput()}, {@link #deadline()} and
 * {@link #phase()}. Both transports drive it the same way; neither knows a header name.
 *
 * <p>It holds the exchange queue and pipelining order, keep-alive and close, 100-continue, error answers,
 * the head / body / idle / write / linger deadlines, streamed request bodies with backpressure, response
 * framing (fixed, chunked, file, stream), the drain on stop, and the lingering close.
 *
 * <p>Confined to one thread at a time (its event loop, or its connection's own thread): other threads reach
 * it only through {@link TransportLink#execute}.
 */
public final class Http1Session implements ProtocolSession, MessageSink, TransportLink.StreamSink {

    /** Where the connection is in its life. Reading stops for good at LAST_REQUEST_READ and beyond. */
    private enum State {
        /** Parsing requests as they come. */
        READING,
        /** The last request was read (it asked to close, or the server drains): the rest of input is ignored. */
        LAST_REQUEST_READ,
        /** A message could not be parsed: its error answer is queued, the rest of the input is discarded. */
        BAD_MESSAGE,
        /** Everything is written and our side is shut: input is drained briefly so the peer sees no reset. */
        LINGERING,
        CLOSED,
        /** The connection turned to HTTP/2 (h2c): another session drives it now. */
        SWITCHED
    }

    private final ServerContext context;
    private final ServerConfig config;
    private final RequestDispatcher dispatcher;
    private final TransportLink link;
    private final OutboundBuffer out;
    private final RequestParser parser;
    private final ResponseWriter writer;
    /** The connection as requests see it: the TCP peer, or what a PROXY protocol header said. */
    private final ConnectionInfo connection;
    private final MemoryBudget memory;
    private final DataRate minRate;
    private final ArrayDeque<Http1Exchange> inFlight = new ArrayDeque<>();
    private State state = State.READING;
    /** Why the connection ends, set by the first event that decides it (then counted at close). */
    private CloseReason closeReason;

    /** The exchange whose body is being received. */
    private Http1Exchange receiving;
    /** An answered exchange kept for the next request (pipelined answers made inline reuse one). */
    private Http1Exchange spare;
    private boolean inputClosed;
    /** The connection's first bytes may still be HTTP/2's preface (h2c with prior knowledge). */
    private boolean mayBeH2cPreface;
    /** The session that took the connection over (h2c), or null. */
    private ProtocolSession successor;
    /** Input was left for the transport to offer again (the pipeline was full, or a streamed body's reader lags). */
    private boolean inputHeld;
    private boolean readPausedByBackpressure;
    /** A streamed request body's handler has enough unread bytes: read more when it has consumed them. */
    private boolean readPausedByBody;

    // Deadlines derive from these instants (the transport's clock).
    private long lastActivityNanos;
    private long messageStartNanos;
    private long lingerStartNanos;
    /** When the current request body began, and how much of it has come (the minimum data rate). */
    private long bodyStartNanos;
    private long bodyBytes;
    /** Since when output has waited for the client (0: none waits), and what it has taken since. */
    private long writeStartNanos;
    private long writtenSinceStart;
    /** Unsent bytes counted in the memory budget. */
    private long outputCounted;

    public Http1Session(ServerContext context, TransportLink link, OutboundBuffer out) {
        this.context = context;
        this.config = context.config();
        this.dispatcher = context.dispatcher();
        this.link = link;
        this.out = out;
        this.parser = new RequestParser(config.limits(), dispatcher.knownTargets());
        this.writer = new ResponseWriter(out, link, this);
        this.connection = link.connection();
        this.memory = context.memory();
        this.minRate = config.minDataRate();
        this.lastActivityNanos = link.now();
        this.mayBeH2cPreface = config.http2().cleartext() && !link.secure();
    }

    ConnectionInfo connection() {
        return connection;
    }

    boolean acceptsLateResponses() {
        return link.acceptsLateResponses();
    }

    // ---- what the transport does next ----------------------------------------------------------------

    @Override
    public Phase phase() {
        return state == State.CLOSED ? Phase.CLOSED : state == State.LINGERING ? Phase.LINGER : Phase.OPEN;
    }

    /**
     * Whether to read (and to offer input held back before): not while the pipeline is full, unsent output
     * is above the high-water mark (until it falls below the low one), or a streamed body's reader lags.
     */
    @Override
    public boolean wantsInput() {
        if (state == State.LINGERING) return true;
        if (state != State.READING || inputClosed) return false;
        long pending = out.pendingBytes();
        if (pending > config.highWaterMark()) readPausedByBackpressure = true;
        else if (pending < config.lowWaterMark()) readPausedByBackpressure = false;
        return !readPausedByBackpressure && !readPausedByBody && inFlight.size() < config.maxPipelined();
    }

    /**
     * Whether the last {@link #received} stopped before the end of its input for flow control (the pipeline
     * was full, or a streamed body's reader lags): the transport offers that input again once
     * {@link #wantsInput()}, without waiting for more bytes. Input left because it is an incomplete message
     * waits for more.
     */
    @Override
    public boolean holdsInput() {
        return inputHeld;
    }

    /** Between requests with nothing received, queued or unsent: the connection may be closed quietly. */
    @Override
    public boolean isIdle() {
        return state == State.READING && inFlight.isEmpty() && receiving == null && !writer.isStreaming()
                && !out.hasPending() && !inputHeld && parser.isIdle();
    }

    /** The instant the next timeout falls due, derived from the state (never stored per kind). */
    @Override
    public long deadline() {
        var t = config.timeouts();
        if (state == State.CLOSED) return NO_DEADLINE;
        if (state == State.LINGERING) return lingerStartNanos + t.linger().toNanos();
        if (out.hasPending()) {
            return Math.min(lastActivityNanos + t.write().toNanos(), minRate.deadline(writeStartNanos, writtenSinceStart));
        }
        if (readPausedByBody) return NO_DEADLINE; // our handler is slow to read, not the client to send
        boolean partialInput = !parser.isIdle() || inputHeld;
        if (state == State.READING && partialInput) {
            return parser.inBody()
                    ? Math.min(lastActivityNanos + t.body().toNanos(), minRate.deadline(bodyStartNanos, bodyBytes))
                    : messageStartNanos + t.requestHeader().toNanos();
        }
        if (!inFlight.isEmpty() || writer.isStreaming()) return NO_DEADLINE; // the handler's time is its own
        long idle = t.idle().toNanos();
        return lastActivityNanos + (context.draining() ? Math.min(idle, ServerContext.DRAIN_IDLE_NANOS) : idle);
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    // ---- events from the transport -------------------------------------------------------------------

    /**
     * Bytes arrived, from {@code in}'s position to its limit. Parses and dispatches what it can now; what it
     * cannot take yet stays in {@code in} for the transport to offer again once {@link #wantsInput()}.
     */
    @Override
    public void received(ByteBuffer in) {
        if (state != State.READING) {
            in.position(in.limit()); // lingering, or past the last request: discarded
            return;
        }
        long now = link.now();
        lastActivityNanos = now;
        if (messageStartNanos == 0) messageStartNanos = now;
        if (mayBeH2cPreface) {
            switch (H2c.preface(in)) {
                case NEED_MORE -> {
                    inputHeld = false;
                    return;
                }
                case MATCH -> {
                    switchTo(new Http2Session(context, link, out, connection), in);
                    return;
                }
                case NO -> mayBeH2cPreface = false;
            }
        }
        boolean stopped = false;
        while (state == State.READING && in.hasRemaining()) {
            if (inFlight.size() >= config.maxPipelined() || readPausedByBody) {
                stopped = true;
                break;
            }
            RequestParser.Progress progress = parser.parse(in, this);
            if (progress == RequestParser.Progress.ERROR) {
                badMessage(parser.error());
            } else if (progress == RequestParser.Progress.NEED_MORE) {
                break;
            }
        }
        if (state == State.SWITCHED) {
            successor.received(in);
            return;
        }
        if (state != State.READING) in.position(in.limit());
        inputHeld = stopped && in.hasRemaining();
        if (parser.isIdle() && !inputHeld) messageStartNanos = 0;
        writeReady();
    }

    /**
     * The peer ended its input. Answers already made still go out; requests whose handlers have not
     * answered are abandoned (the client has gone, or has ended its requests: nothing waits for them).
     */
    @Override
    public void inputClosed() {
        if (state == State.CLOSED) return;
        inputClosed = true;
        if (state == State.LINGERING) {
            close(CloseReason.RESPONSE_CLOSE);
            return;
        }
        endBecause(CloseReason.CLIENT_CLOSED);
        failStreamedBody("the client closed the connection mid-body");
        abandonReceiving();
        if (state == State.READING) state = State.LAST_REQUEST_READ;
        abandonUnanswered();
        if (inFlight.isEmpty() && !writer.isStreaming() && !out.hasPending()) close(CloseReason.CLIENT_CLOSED);
    }

    /** The transport wrote {@code written} bytes of {@link #out} (possibly zero). */
    @Override
    public void flushed(long written) {
        if (state == State.CLOSED) return;
        if (written > 0) lastActivityNanos = link.now();
        long pending = out.pendingBytes();
        memory.add(pending - outputCounted); // what a slow reader leaves us holding counts against everyone
        outputCounted = pending;
        if (pending == 0) {
            writeStartNanos = 0;
        } else if (writeStartNanos == 0) {
            writeStartNanos = link.now();
            writtenSinceStart = 0;
        } else {
            writtenSinceStart += written;
        }
        boolean readsNoMore = state == State.LAST_REQUEST_READ || state == State.BAD_MESSAGE;
        if (readsNoMore && !out.hasPending() && !writer.isStreaming() && inFlight.isEmpty()) finishOutput();
    }

    /** The deadline the transport armed may have passed: acts on whichever deadline applies now. */
    @Override
    public void timerFired() {
        if (state == State.CLOSED) return;
        long deadline = deadline();
        if (deadline == NO_DEADLINE || link.now() - deadline < 0) return;
        if (state != State.LINGERING) context.stats().timeouts.increment();
        if (state == State.READING && (!parser.isIdle() || inputHeld) && !out.hasPending()) {
            // A request head or body that stopped arriving: say so, then close.
            endBecause(CloseReason.REQUEST_TIMEOUT);
            badMessage(new HttpError(408, "Request timeout"));
        } else if (state == State.LINGERING) {
            close(CloseReason.RESPONSE_CLOSE);
        } else {
            // A timeout is the real reason even if a response had already decided to close (an unread one).
            closeReason = out.hasPending() ? CloseReason.WRITE_TIMEOUT
                    : context.draining() ? CloseReason.SERVER_STOP : CloseReason.IDLE_TIMEOUT;
            close(closeReason);
        }
    }

    /**
     * Graceful stop: connections idle for {@link ServerContext#DRAIN_IDLE_NANOS} close now, recently active
     * ones at that point unless a request comes first (answered with {@code Connection: close}), busy ones
     * after their in-flight answers.
     */
    @Override
    public void drain() {
        if (state == State.CLOSED) return;
        if (isIdle()) {
            if (link.now() - lastActivityNanos >= ServerContext.DRAIN_IDLE_NANOS) close(CloseReason.SERVER_STOP);
            else endBecause(CloseReason.SERVER_STOP); // the idle deadline is shorter while draining
            return;
        }
        endBecause(CloseReason.SERVER_STOP);
        if (state == State.READING && parser.isIdle() && !inputHeld) state = State.LAST_REQUEST_READ;
    }

    /** Closes now (an I/O failure, a stop), counted under the reason already decided, or else {@code reason}. */
    @Override
    public void close(CloseReason reason) {
        if (state == State.CLOSED) return;
        endBecause(reason);
        state = State.CLOSED;
        out.discard();
        memory.add(-outputCounted);
        outputCounted = 0;
        failStreamedBody("the connection closed");
        abandonReceiving();
        dropInFlight(0);
        writer.cancel();
        context.connectionClosed(closeReason);
    }

    // ---- requests in (MessageSink, called by the parser) ---------------------------------------------

    @Override
    public void head(RequestHead head) {
        mayBeH2cPreface = false;
        if (config.http2().cleartext() && !link.secure() && inFlight.isEmpty() && !writer.isStreaming()
                && head.headers().contains("http2-settings")) {
            Settings settings = H2c.upgradeSettings(head);
            if (settings != null) {
                out.append(H2c.SWITCHING, 0, H2c.SWITCHING.length);
                switchTo(Http2Session.upgraded(context, link, out, connection, head, settings), null);
                return;
            }
        }
        Http1Exchange exchange = spare != null ? spare.next(head, link.now()) : new Http1Exchange(this, head, link.now());
        spare = null;
        receiving = exchange;
        dispatcher.route(exchange);
        if (head.hasBody()) {
            bodyStartNanos = link.now();
            bodyBytes = 0;
        }
        if (!exchange.wantsBody()) {
            // The answer does not depend on the body: with 100-continue it is given now, instead of inviting
            // the upload, and the connection closes; otherwise the body is discarded as it arrives.
            if (head.expectContinue()) refuseBody(exchange);
            return;
        }
        if (!head.hasBody()) return;
        if (exchange.streamsBody()) {
            // What may wait in its pipe, at most: reserved up front.
            if (!reserve(exchange, config.highWaterMark())) return;
        } else if (head.contentLength() > memory.limit() - memory.used()) {
            overloaded(); // the announced body cannot fit: refused before any of it is read (or invited)
            return;
        }
        if (head.expectContinue() && inFlight.isEmpty() && !writer.isStreaming()) {
            // Only when nothing else is queued: an interim response must not overtake earlier answers.
            writer.writeContinue();
        }
        if (exchange.streamsBody()) startStreamed(exchange);
        else exchange.body = new BodyBuffer(head.contentLength());
    }

    @Override
    public void content(ByteBuffer slice) {
        bodyBytes += slice.remaining();
        Http1Exchange exchange = receiving;
        if (exchange == null) return;
        if (exchange.pipe != null) {
            if (exchange.pipe.offer(slice)) readPausedByBody = true;
        } else if (exchange.body != null) {
            if (reserve(exchange, exchange.body.growthFor(slice.remaining()))) exchange.body.append(slice);
        }
        // else: a body nobody reads (no route), discarded as it arrives
    }

    /** Reserves memory for the exchange's body; when the budget is spent, refuses it (503) and returns false. */
    private boolean reserve(Http1Exchange exchange, long bytes) {
        if (memory.tryReserve(bytes)) {
            exchange.reserved += bytes;
            return true;
        }
        overloaded();
        return false;
    }

    private void releaseMemory(Http1Exchange exchange) {
        memory.release(exchange.reserved);
        exchange.reserved = 0;
    }

    /** The memory budget is spent: the request being received is answered 503, and the connection closes. */
    private void overloaded() {
        Response answer = Response.status(503).header("Retry-After", "1").contentType(Response.TEXT_PLAIN)
                .closeConnection().body("Service Unavailable: the server is out of memory for request bodies\n");
        refuse(answer, CloseReason.OVERLOAD);
    }

    @Override
    public void end(Headers trailers) {
        Http1Exchange exchange = receiving;
        receiving = null;
        messageStartNanos = lastActivityNanos;
        if (exchange == null) return;
        exchange.trailers = trailers;
        if (!exchange.head().keepAlive() || context.draining()) state = State.LAST_REQUEST_READ;
        if (exchange.pipe != null) {
            exchange.pipe.finish(); // already queued and running since its head arrived: its body is complete now
            return;
        }
        inFlight.add(exchange);
        context.stats().requests.increment();
        RequestBody body = exchange.body == null ? RequestBody.EMPTY
                : exchange.body.toBody(trailers, exchange.head().header("content-type"));
        exchange.body = null;
        Response response = dispatcher.dispatch(exchange, body);
        if (response != null) complete(exchange, response);
    }

    /**
     * A route that reads its body while it arrives starts as soon as its head is here, on a thread of its
     * own, reading through a {@link BodyPipe} while the connection keeps receiving.
     */
    private void startStreamed(Http1Exchange exchange) {
        BodyPipe pipe = new BodyPipe(config.highWaterMark(), config.lowWaterMark(), this::resumeBodyFromAnyThread);
        exchange.pipe = pipe;
        inFlight.add(exchange);
        context.stats().requests.increment();
        RequestBody body = RequestBody.streaming(pipe.stream(), () -> exchange.trailers,
                exchange.head().header("content-type"));
        Response response = dispatcher.dispatch(exchange, body);
        if (response != null) complete(exchange, response);
    }

    /** An expect-100 request the server answers without its body: answered now, then the connection closes. */
    private void refuseBody(Http1Exchange exchange) {
        receiving = null;
        inFlight.add(exchange);
        context.stats().requests.increment();
        state = State.LAST_REQUEST_READ;
        Response response = dispatcher.dispatch(exchange, RequestBody.EMPTY);
        if (response != null) complete(exchange, response.withCloseConnection());
    }

    /** The streamed body's reader caught up: read again (on the session's thread). */
    private void resumeBodyFromAnyThread() {
        try {
            link.execute(() -> {
                if (state != State.CLOSED) readPausedByBody = false;
            });
        } catch (RejectedExecutionException ignored) {
            // the transport stopped; the connection is gone
        }
    }

    /**
     * The message being received will not be dispatched: a body being collected is dropped and its memory
     * given back (a streamed one's exchange is in the queue, and is dropped with it).
     */
    private void abandonReceiving() {
        if (receiving != null && receiving.pipe == null) {
            releaseMemory(receiving);
            receiving.body = null;
        }
        receiving = null;
    }

    private void failStreamedBody(String why) {
        if (receiving != null && receiving.pipe != null) receiving.pipe.fail(new IOException(why));
    }

    private void badMessage(HttpError error) {
        context.stats().badRequests.increment();
        refuse(Response.error(error.status(), error.reason()).withCloseConnection(), CloseReason.PROTOCOL_ERROR);
    }

    /**
     * The message being received will not reach a handler: {@code answer} is queued after earlier answers,
     * the rest of the input is discarded, and the connection closes.
     */
    private void refuse(Response answer, CloseReason reason) {
        endBecause(reason); // unless a timeout decided first
        if (receiving != null) {
            releaseMemory(receiving);
            receiving.body = null;
        }
        if (receiving != null && receiving.pipe != null) {
            // Its handler is already running and queued: the error becomes that exchange's answer.
            receiving.pipe.fail(new IOException("the request body was refused (" + answer.status() + ")"));
            receiving.overridden = answer;
        } else if (receiving != null) {
            receiving.response = answer.withCloseConnection(); // answered by the session, still under its route
            inFlight.add(receiving);
        } else {
            inFlight.add(Http1Exchange.answered(this, null, answer, link.now()));
        }
        receiving = null;
        state = State.BAD_MESSAGE;
        writeReady();
    }

    // ---- responses in --------------------------------------------------------------------------------

    /** A response from another thread: handed to the session's thread. */
    void respondLater(Http1Exchange exchange, Response response) {
        try {
            link.execute(() -> complete(exchange, response));
        } catch (RejectedExecutionException e) {
            UnsentResponse.release(response); // the transport is gone, and the connection with it
        }
    }

    /** The exchange's response is ready (session thread): encoded as soon as every earlier one is. */
    void complete(Http1Exchange exchange, Response response) {
        if (state == State.CLOSED || exchange.dropped) {
            UnsentResponse.release(response); // nobody will send it: release its file or stream now
            return;
        }
        if (exchange.overridden != null) {
            UnsentResponse.release(response);
            response = exchange.overridden;
        }
        exchange.response = response;
        writeReady();
    }

    /** Encodes every response that is next in line, stopping at the first one not ready yet. */
    private void writeReady() {
        long now = 0; // read once for a batch of answers: pipelined ones leave together
        while (!writer.isStreaming() && !inFlight.isEmpty() && inFlight.peek().response != null) {
            Http1Exchange exchange = inFlight.poll();
            releaseMemory(exchange);
            if (now == 0) now = System.nanoTime();
            context.answered(exchange.head(), exchange.route(), exchange.response, now - exchange.startNanos(),
                    connection.peerAddress());
            boolean close = exchange.closesConnection() || context.draining() || isLastAnswer();
            // The writer may decide to close (a body delimited by the close): then nothing may follow it.
            close = writer.write(exchange.response, exchange.version(), exchange.isHead(), close);
            if (exchange.reusable()) spare = exchange.forget(); // holds nothing of this answer while it waits
            if (close) {
                endBecause(context.draining() ? CloseReason.SERVER_STOP : CloseReason.RESPONSE_CLOSE);
                if (state == State.READING) state = State.LAST_REQUEST_READ;
                // Requests pipelined after a closing response are never answered; the client retries them.
                dropInFlight(0);
                return;
            }
        }
    }

    /** Whether the exchange just taken is the last a connection that reads no more will answer. */
    private boolean isLastAnswer() {
        return state != State.READING && inFlight.isEmpty() && receiving == null;
    }

    // ---- a streamed response body (StreamSink, on the session's thread) ------------------------------

    @Override
    public void chunk(TransportLink.StreamSource source, byte[] data, int length) {
        if (state != State.CLOSED) writer.chunk(source, data, length);
    }

    @Override
    public void end(TransportLink.StreamSource source, boolean complete) {
        if (state == State.CLOSED || !writer.end(source, complete)) return;
        if (!complete) {
            endBecause(CloseReason.IO_ERROR);
            // The head promised a body we cannot deliver: only closing tells the client. Earlier answers
            // (and the body's first part) are still queued and still go out first.
            if (state == State.READING) state = State.LAST_REQUEST_READ;
            failStreamedBody("the response failed");
            abandonReceiving();
            dropInFlight(0);
            return;
        }
        writeReady();
    }

    // ---- closing -------------------------------------------------------------------------------------

    /**
     * All answers are written and nothing more will be read: the transport shuts our side and drains the
     * peer's input for a moment, so that unread request bytes do not turn our last response into a reset.
     */
    private void finishOutput() {
        if (inputClosed) {
            close(CloseReason.CLIENT_CLOSED);
            return;
        }
        state = State.LINGERING;
        lingerStartNanos = link.now();
    }

    /**
     * Hands the connection to {@code next} (h2c): the transport drives it from now on, and the input left
     * ({@code in}, or what the parser leaves after the upgrading request) goes to it.
     */
    private void switchTo(ProtocolSession next, ByteBuffer in) {
        state = State.SWITCHED;
        successor = next;
        link.switchProtocol(next);
        if (in != null) next.received(in);
    }

    /** The first reason decided wins; a connection is counted once. */
    private void endBecause(CloseReason reason) {
        if (closeReason == null) closeReason = reason;
    }

    /** Drops the first exchange still waiting for its handler and every one after it (their order binds them). */
    private void abandonUnanswered() {
        int index = 0;
        for (Http1Exchange exchange : inFlight) {
            if (exchange.response == null) break;
            index++;
        }
        dropInFlight(index);
    }

    /** Forgets the exchanges from {@code from} on; a handler finishing one later has its body released. */
    private void dropInFlight(int from) {
        while (inFlight.size() > from) {
            Http1Exchange exchange = inFlight.pollLast();
            releaseMemory(exchange);
            exchange.dropped = true;
            exchange.cancel();
            if (exchange.pipe != null) exchange.pipe.fail(new IOException("the connection closed"));
            if (exchange.response != null) UnsentResponse.release(exchange.response);
        }
    }
}
