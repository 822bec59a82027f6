package dev.barista.protocol.http2;

import dev.barista.dispatch.RequestDispatcher;
import dev.barista.handler.ConnectionInfo;
import dev.barista.handler.RequestBody;
import dev.barista.http.Headers;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.protocol.BodyBuffer;
import dev.barista.protocol.BodyPipe;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.TransportLink;
import dev.barista.protocol.UnsentResponse;
import dev.barista.protocol.http2.hpack.FieldBlock;
import dev.barista.protocol.http2.hpack.HpackDecoder;
import dev.barista.protocol.http2.hpack.HpackException;
import dev.barista.runtime.MemoryBudget;
import dev.barista.runtime.ServerContext;
import dev.barista.server.CloseReason;
import dev.barista.server.Http2Config;
import dev.barista.server.ServerConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP/2 connection protocol (RFC 9113), written once, with no I/O: bytes in, frames parsed, header
 * blocks decoded (HPACK), requests out to the same dispatcher HTTP/1.1 uses; responses in, encoded as HEADERS
 * and DATA frames under the peer's flow-control windows, bytes out. It keeps the streams and their states,
 * both directions' flow control, SETTINGS, PING, GOAWAY on a graceful stop and on errors, and the limits that
 * make the known attacks cost the attacker more than us (see {@link FloodGuard}).
 *
 * <p>Handlers run where the dispatcher puts them: on the session's thread, a worker, or, when the transport
 * is blocking (its one thread reads the connection), a virtual thread per stream, so that streams really run
 * side by side under the thread models too.
 *
 * <p>Confined to one thread at a time; other threads reach it only through {@link TransportLink#execute}.
 */
public final class Http2Session implements ProtocolSession, FrameListener {
    private static final System.Logger LOG = System.getLogger(Http2Session.class.getName());
    /** Frames parsed per {@link #received} call before output gets a turn. */
    private static final int FRAMES_PER_READ = 256;
    /** A header block (all its CONTINUATION frames) larger than this ends the connection. */
    private static final int MAX_HEADER_BLOCK_FACTOR = 2;
    /** Streams we reset lately, whose frames still in flight are ignored rather than answered (RFC 9113 5.1). */
    private static final int RECENT_RESETS = 32;

    private enum State {
        /** Waiting for the client's connection preface. */
        PREFACE,
        OPEN,
        /** GOAWAY sent for a graceful stop: streams under way finish, new ones are refused. */
        GOING_AWAY,
        /** GOAWAY sent for an error, or the peer left: what is queued goes out, then the connection ends. */
        CLOSING,
        /** Everything is written and our side is shut: input is drained briefly so the GOAWAY is read. */
        LINGERING,
        CLOSED
    }

    private final ServerContext context;
    private final ServerConfig config;
    private final Http2Config limits;
    private final RequestDispatcher dispatcher;
    private final TransportLink link;
    private final OutboundBuffer out;
    private final MemoryBudget memory;
    private final ConnectionInfo connection;
    private final FrameReader reader;
    private final HpackDecoder decoder;
    private final FieldBlock fields = new FieldBlock();
    private final FloodGuard flood;
    private final Map<Integer, Http2Stream> streams = new HashMap<>();
    private final Http2Output output;
    private final int[] recentlyReset = new int[RECENT_RESETS];
    private int recentResetIndex;
    private State state = State.PREFACE;
    /** The last {@link #received} stopped before the end of its input (the output was backed up). */
    private boolean inputHeld;
    private CloseReason closeReason;
    private int prefaceRead;

    /** The highest stream id the client opened (what a GOAWAY reports). */
    private int lastStreamId;
    /** A header block being assembled from HEADERS and CONTINUATION frames, or 0. */
    private int continuationStream;
    private boolean continuationEndsStream;
    private ByteBuffer headerBlock;

    /** Connection-level bytes received and not yet given back in a WINDOW_UPDATE. */
    private int connectionUnacknowledged;

    private boolean inputClosed;
    private boolean peerGoingAway;
    private long lastActivityNanos;
    private long stateSinceNanos;
    private long headerBlockStartNanos;
    /** Unsent bytes counted in the memory budget. */
    private long outputCounted;

    /** A connection that began with the client's preface (prior knowledge, or ALPN {@code h2}). */
    public Http2Session(ServerContext context, TransportLink link, OutboundBuffer out, ConnectionInfo connection) {
        this.context = context;
        this.config = context.config();
        this.limits = config.http2();
        this.dispatcher = context.dispatcher();
        this.link = link;
        this.out = out;
        this.memory = context.memory();
        this.connection = connection;
        this.reader = new FrameReader(limits.maxFrameSize());
        this.decoder = new HpackDecoder(limits.headerTableSize(), limits.maxHeaderListSize());
        this.output = new Http2Output(out, link, config.highWaterMark(), new Http2Output.StreamEvents() {
            @Override
            public void sent(Http2Stream stream) {
                endLocal(stream);
            }

            @Override
            public void failed(Http2Stream stream, int errorCode) {
                streamError(stream, errorCode);
            }
        });
        this.lastActivityNanos = link.now();
        this.stateSinceNanos = lastActivityNanos;
        this.flood = new FloodGuard(limits.maxResetsPer30s(), limits.maxControlFramesPer10s(), lastActivityNanos);
        output.preface(limits);
    }

    /**
     * A connection upgraded from HTTP/1.1 ({@code Upgrade: h2c}): the request that asked is stream 1, already
     * complete, and its {@code HTTP2-Settings} are the client's first settings (RFC 7540 section 3.2).
     */
    public static Http2Session upgraded(ServerContext context, TransportLink link, OutboundBuffer out,
                                        ConnectionInfo connection, RequestHead request, Settings clientSettings) {
        Http2Session session = new Http2Session(context, link, out, connection);
        try {
            session.applySettings(clientSettings);
        } catch (Http2Exception e) {
            session.connectionError(e);
            return session;
        }
        session.lastStreamId = 1;
        Http2Stream stream = new Http2Stream(session, 1, request, link.now(), session.output.initialStreamWindow());
        stream.remoteClosed = true;
        session.streams.put(1, stream);
        session.dispatcher.route(stream);
        session.dispatchNow(stream, RequestBody.EMPTY);
        return session;
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
        return switch (state) {
            case CLOSED -> Phase.CLOSED;
            case LINGERING -> Phase.LINGER;
            default -> Phase.OPEN;
        };
    }

    @Override
    public boolean wantsInput() {
        if (state == State.LINGERING) return true;
        if (inputClosed || state == State.CLOSED || state == State.CLOSING) return false;
        return !output.full();
    }

    @Override
    public boolean holdsInput() {
        return inputHeld;
    }

    @Override
    public boolean isIdle() {
        return state == State.OPEN && streams.isEmpty() && !out.hasPending() && continuationStream == 0;
    }

    @Override
    public long deadline() {
        var t = config.timeouts();
        return switch (state) {
            case CLOSED -> NO_DEADLINE;
            case LINGERING -> stateSinceNanos + t.linger().toNanos();
            case PREFACE -> stateSinceNanos + t.requestHeader().toNanos();
            case CLOSING -> lastActivityNanos + t.write().toNanos();
            default -> openDeadline();
        };
    }

    private long openDeadline() {
        var t = config.timeouts();
        if (out.hasPending()) return lastActivityNanos + t.write().toNanos();
        long deadline = NO_DEADLINE;
        if (continuationStream != 0) deadline = headerBlockStartNanos + t.requestHeader().toNanos();
        boolean busy = false;
        for (Http2Stream stream : streams.values()) {
            if (stream.blockedSince != 0) deadline = Math.min(deadline, stream.blockedSince + t.write().toNanos());
            if (!stream.remoteClosed && stream.pipe == null) {
                deadline = Math.min(deadline, lastActivityNanos + t.body().toNanos()); // a body that stopped coming
            }
            busy = true;
        }
        if (busy) return deadline; // the handlers' time is their own
        long idle = t.idle().toNanos();
        return Math.min(deadline, lastActivityNanos
                + (context.draining() || state == State.GOING_AWAY ? Math.min(idle, ServerContext.DRAIN_IDLE_NANOS) : idle));
    }

    @Override
    public CloseReason closeReason() {
        return closeReason;
    }

    // ---- events from the transport -------------------------------------------------------------------

    @Override
    public void received(ByteBuffer in) {
        if (state == State.CLOSED || state == State.CLOSING || state == State.LINGERING) {
            in.position(in.limit());
            return;
        }
        lastActivityNanos = link.now();
        try {
            if (state == State.PREFACE && !readPreface(in)) return;
            boolean stopped = false;
            while (in.hasRemaining() && state != State.CLOSING && state != State.CLOSED) {
                if (!wantsInput()) { // output backed up: the rest waits in the transport's buffer
                    stopped = true;
                    break;
                }
                if (!readFrames(in)) break; // a partial frame: wait for the rest
            }
            inputHeld = stopped && in.hasRemaining();
        } catch (Http2Exception e) {
            inputHeld = false;
            connectionError(e);
        }
        if (state == State.CLOSING || state == State.CLOSED) in.position(in.limit());
        writeData();
        countOutput();
    }

    /**
     * Reads up to a turn's worth of frames; false when none was whole. A stream error the reader finds (it has
     * moved past that frame already) resets that stream and reading goes on.
     */
    private boolean readFrames(ByteBuffer in) throws Http2Exception {
        try {
            return reader.read(in, this, FRAMES_PER_READ) > 0;
        } catch (Http2Exception e) {
            if (e.isConnectionError()) throw e;
            Http2Stream stream = streams.get(e.streamId());
            if (stream != null) streamError(stream, e.errorCode());
            else resetStream(e.streamId(), e.errorCode());
            return true;
        }
    }

    /** The 24-byte preface, which may arrive in pieces; a wrong one is a connection error. */
    private boolean readPreface(ByteBuffer in) throws Http2Exception {
        byte[] preface = Http2.CLIENT_PREFACE;
        while (prefaceRead < preface.length && in.hasRemaining()) {
            if (in.get() != preface[prefaceRead++]) {
                throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "invalid connection preface");
            }
        }
        if (prefaceRead < preface.length) return false;
        state = State.OPEN;
        return true;
    }

    @Override
    public void inputClosed() {
        if (state == State.CLOSED) return;
        inputClosed = true;
        if (state == State.LINGERING) {
            close(closeReason != null ? closeReason : CloseReason.CLIENT_CLOSED);
            return;
        }
        endBecause(CloseReason.CLIENT_CLOSED);
        for (Http2Stream stream : List.copyOf(streams.values())) {
            if (!stream.remoteClosed) abandon(stream); // its request will never be complete
        }
        if (streams.isEmpty() && !out.hasPending()) close(CloseReason.CLIENT_CLOSED);
    }

    @Override
    public void flushed(long written) {
        if (state == State.CLOSED) return;
        if (written > 0) lastActivityNanos = link.now();
        writeData();
        countOutput();
        if (!out.hasPending()) {
            if (state == State.CLOSING) finishOutput();
            else if (state == State.GOING_AWAY && streams.isEmpty()) finishOutput();
            else if (inputClosed && streams.isEmpty()) close(CloseReason.CLIENT_CLOSED);
        }
    }

    @Override
    public void timerFired() {
        if (state == State.CLOSED) return;
        long deadline = deadline();
        if (deadline == NO_DEADLINE || link.now() - deadline < 0) return;
        if (state == State.LINGERING) {
            close(closeReason);
            return;
        }
        context.stats().timeouts.increment();
        if (out.hasPending() || state == State.CLOSING) {
            close(CloseReason.WRITE_TIMEOUT);
        } else if (state == State.PREFACE || continuationStream != 0) {
            endBecause(CloseReason.REQUEST_TIMEOUT);
            goAway(Http2.PROTOCOL_ERROR);
        } else if (!streams.isEmpty()) {
            // A stream whose data waited for window too long, or whose body stopped arriving.
            endBecause(CloseReason.WRITE_TIMEOUT);
            goAway(Http2.NO_ERROR);
        } else {
            endBecause(context.draining() ? CloseReason.SERVER_STOP : CloseReason.IDLE_TIMEOUT);
            goAway(Http2.NO_ERROR);
        }
    }

    /** Graceful stop: GOAWAY with the last stream we will serve, finish those, then close. */
    @Override
    public void drain() {
        if (state == State.CLOSED || state == State.CLOSING || state == State.LINGERING) return;
        endBecause(CloseReason.SERVER_STOP);
        if (state == State.GOING_AWAY) return;
        if (state == State.PREFACE || streams.isEmpty() && !out.hasPending()) {
            goAway(Http2.NO_ERROR);
            return;
        }
        writeGoAway(Http2.NO_ERROR);
        setState(State.GOING_AWAY);
    }

    @Override
    public void close(CloseReason reason) {
        if (state == State.CLOSED) return;
        endBecause(reason);
        setState(State.CLOSED);
        for (Http2Stream stream : streams.values()) {
            release(stream);
            if (stream.pipe != null && !stream.remoteClosed) stream.pipe.fail(new IOException("the connection closed"));
            if (!stream.localClosed) stream.cancel(); // unanswered: its handler's work is stopped
        }
        streams.clear();
        output.clear();
        out.discard();
        memory.add(-outputCounted);
        outputCounted = 0;
        context.connectionClosed(closeReason);
    }

    // ---- frames in (FrameListener) -------------------------------------------------------------------

    @Override
    public void headers(int streamId, ByteBuffer fragment, boolean endHeaders, boolean endStream) throws Http2Exception {
        expectNoContinuation();
        if (!fragment.hasRemaining() && !endHeaders) controlFrame();
        headerBlockStartNanos = link.now();
        continuationStream = streamId;
        continuationEndsStream = endStream;
        headerBlock = appendFragment(null, fragment);
        if (endHeaders) headerBlockDone();
    }

    @Override
    public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception {
        if (continuationStream == 0 || streamId != continuationStream) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "CONTINUATION without a header block under way");
        }
        if (!fragment.hasRemaining() && !endHeaders) controlFrame(); // empty CONTINUATION flood
        headerBlock = appendFragment(headerBlock, fragment);
        if (endHeaders) headerBlockDone();
    }

    private ByteBuffer appendFragment(ByteBuffer blockSoFar, ByteBuffer fragment) throws Http2Exception {
        int had = blockSoFar == null ? 0 : blockSoFar.position();
        int needed = had + fragment.remaining();
        if (needed > MAX_HEADER_BLOCK_FACTOR * limits.maxHeaderListSize()) {
            // Past any header list we would accept, however it decodes: the CONTINUATION flood of 2024.
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "header block too large");
        }
        if (blockSoFar == null || blockSoFar.remaining() < fragment.remaining()) {
            ByteBuffer larger = ByteBuffer.allocate(Math.max(needed, Math.min(2 * needed, 16 * 1024)));
            if (blockSoFar != null) larger.put(blockSoFar.flip());
            blockSoFar = larger;
        }
        return blockSoFar.put(fragment);
    }

    /** A whole header block: a new request, or the trailers of one. */
    private void headerBlockDone() throws Http2Exception {
        int streamId = continuationStream;
        boolean endStream = continuationEndsStream;
        ByteBuffer encoded = headerBlock.flip();
        continuationStream = 0;
        headerBlock = null;
        fields.reset();
        boolean tooLarge = false;
        try {
            decoder.decode(encoded, fields);
        } catch (HpackException e) {
            if (!e.isHeaderListTooLarge()) throw Http2Exception.connection(Http2.COMPRESSION_ERROR, "header block: " + e.getMessage());
            tooLarge = true; // the decoder kept its table in step: only this request is refused
        }
        Http2Stream existing = streams.get(streamId);
        if (existing != null) {
            trailersReceived(existing, endStream, tooLarge);
            return;
        }
        if ((streamId & 1) == 0) throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "even stream id from a client");
        if (streamId <= lastStreamId) {
            if (wasReset(streamId)) return; // in flight when we reset it (the block was decoded: the table is in step)
            throw Http2Exception.connection(Http2.STREAM_CLOSED, "HEADERS on a closed stream");
        }
        lastStreamId = streamId;
        if (state == State.GOING_AWAY || peerGoingAway) {
            resetStream(streamId, Http2.REFUSED_STREAM);
            return;
        }
        if (streams.size() >= limits.maxConcurrentStreams()) {
            resetStream(streamId, Http2.REFUSED_STREAM);
            return;
        }
        if (tooLarge) {
            answerEarly(streamId, endStream, 431, "Request Header Fields Too Large");
            return;
        }
        RequestHead head;
        try {
            head = RequestHeaders.toHead(fields, streamId, endStream, config.limits().maxHeaderCount());
        } catch (Http2Exception malformed) {
            context.stats().badRequests.increment();
            resetStream(streamId, malformed.errorCode());
            return;
        }
        opened(streamId, head, endStream);
    }

    private void opened(int streamId, RequestHead head, boolean endStream) {
        Http2Stream stream = new Http2Stream(this, streamId, head, link.now(), output.initialStreamWindow());
        streams.put(streamId, stream);
        dispatcher.route(stream);
        if (endStream) {
            stream.remoteClosed = true;
            dispatchNow(stream, RequestBody.EMPTY);
            return;
        }
        stream.declaredLength = head.framing() == RequestHead.BodyFraming.FIXED ? head.contentLength() : -1;
        if (!stream.wantsBody()) {
            stream.discardBody = true; // the server answers it itself; the body is not needed
            dispatchNow(stream, RequestBody.EMPTY);
            return;
        }
        if (stream.declaredLength > config.limits().maxBodySize()) {
            refuseBody(stream, 413, "Content Too Large");
            return;
        }
        if (stream.streamsBody()) {
            if (!reserve(stream, config.highWaterMark())) return;
            BodyPipe pipe = new BodyPipe(config.highWaterMark(), config.lowWaterMark(), () -> resumeBody(stream));
            stream.pipe = pipe;
            dispatchNow(stream, RequestBody.streaming(pipe.stream(), () -> stream.trailers,
                    head.header("content-type")));
        } else {
            if (stream.declaredLength > memory.limit() - memory.used()) {
                refuseBody(stream, 503, "Service Unavailable: the server is out of memory for request bodies");
                return;
            }
            stream.body = new BodyBuffer(stream.declaredLength);
        }
    }

    private void trailersReceived(Http2Stream stream, boolean endStream, boolean tooLarge) throws Http2Exception {
        if (stream.remoteClosed) throw Http2Exception.connection(Http2.STREAM_CLOSED, "HEADERS after END_STREAM");
        if (!endStream || tooLarge) {
            streamError(stream, Http2.PROTOCOL_ERROR); // trailers must end the stream
            return;
        }
        try {
            stream.trailers = RequestHeaders.trailers(fields, stream.id);
        } catch (Http2Exception malformed) {
            streamError(stream, malformed.errorCode());
            return;
        }
        requestEnded(stream);
    }

    @Override
    public void data(int streamId, ByteBuffer payload, int flowControlledLength, boolean endStream) throws Http2Exception {
        expectNoContinuation();
        if (payload.remaining() == 0 && !endStream) controlFrame();
        consumeConnectionWindow(flowControlledLength);
        Http2Stream stream = streams.get(streamId);
        if (stream == null) {
            if (streamId > lastStreamId) throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "DATA on an idle stream");
            if (!wasReset(streamId)) resetStream(streamId, Http2.STREAM_CLOSED); // closed: its body goes nowhere
            return;
        }
        if (stream.remoteClosed) throw Http2Exception.connection(Http2.STREAM_CLOSED, "DATA after END_STREAM");
        int n = payload.remaining();
        stream.receivedBytes += n;
        if (stream.declaredLength >= 0 && stream.receivedBytes > stream.declaredLength) {
            streamError(stream, Http2.PROTOCOL_ERROR); // more than its content-length: malformed
            return;
        }
        if (stream.unacknowledged + (long) flowControlledLength > limits.initialWindowSize()) {
            streamError(stream, Http2.FLOW_CONTROL_ERROR);
            return;
        }
        stream.unacknowledged += flowControlledLength;
        if (stream.discardBody) {
            giveBackStreamWindow(stream);
        } else if (stream.pipe != null) {
            if (n > 0 && stream.pipe.offer(payload)) stream.pipeFull = true;
            giveBackStreamWindow(stream);
        } else if (stream.body != null) {
            if (stream.receivedBytes > config.limits().maxBodySize()) {
                refuseBody(stream, 413, "Content Too Large");
                return;
            }
            if (!reserve(stream, stream.body.growthFor(n))) return;
            stream.body.append(payload);
            giveBackStreamWindow(stream);
        }
        if (endStream) {
            if (stream.declaredLength >= 0 && stream.receivedBytes != stream.declaredLength) {
                streamError(stream, Http2.PROTOCOL_ERROR); // less than its content-length: malformed
                return;
            }
            requestEnded(stream);
        }
    }

    /** END_STREAM from the client: the body is complete; a buffered one goes to its handler now. */
    private void requestEnded(Http2Stream stream) {
        stream.remoteClosed = true;
        if (stream.pipe != null) {
            stream.pipe.finish();
        } else if (stream.body != null) {
            RequestBody body = stream.body.toBody(stream.trailers, stream.head().header("content-type"));
            stream.body = null;
            dispatchNow(stream, body);
        }
        if (stream.localClosed) forget(stream);
    }

    @Override
    public void priority(int streamId, int dependsOn, boolean exclusive, int weight) throws Http2Exception {
        expectNoContinuation();
        controlFrame();
        if (dependsOn == streamId) {
            Http2Stream stream = streams.get(streamId);
            if (stream != null) streamError(stream, Http2.PROTOCOL_ERROR);
            else resetStream(streamId, Http2.PROTOCOL_ERROR);
        }
        // Otherwise ignored: RFC 9113 deprecates the priority scheme, and a server may ignore it (5.3.2).
    }

    @Override
    public void rstStream(int streamId, int errorCode) throws Http2Exception {
        expectNoContinuation();
        if (streamId > lastStreamId) throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "RST_STREAM on an idle stream");
        // Every reset counts, answered stream or not (as Netty counts them): where handlers answer at once, as on
        // the event-loop model, a rapid reset finds its streams answered already, and has still cost their work.
        if (!flood.reset(link.now())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many streams reset by the client");
        }
        Http2Stream stream = streams.get(streamId);
        if (stream == null) return; // closed already
        stream.localClosed = true; // nothing more may be sent on it
        stream.remoteClosed = true;
        abandon(stream);
    }

    @Override
    public void settings(boolean ack, Settings settings) throws Http2Exception {
        expectNoContinuation();
        controlFrame();
        if (ack) return;
        applySettings(settings);
        output.settingsAck();
    }

    private void applySettings(Settings settings) throws Http2Exception {
        output.peerSettings(settings, streams.values());
    }

    @Override
    public void ping(boolean ack, long opaqueData) throws Http2Exception {
        expectNoContinuation();
        controlFrame();
        if (ack) return;
        output.pingAck(opaqueData);
    }

    @Override
    public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) throws Http2Exception {
        expectNoContinuation();
        peerGoingAway = true;
        if (errorCode != Http2.NO_ERROR) {
            endBecause(CloseReason.CLIENT_CLOSED);
            goAway(Http2.NO_ERROR);
        } else if (streams.isEmpty()) {
            endBecause(CloseReason.CLIENT_CLOSED);
            goAway(Http2.NO_ERROR);
        }
    }

    @Override
    public void windowUpdate(int streamId, int increment) throws Http2Exception {
        expectNoContinuation();
        if (streamId == 0) {
            if (increment == 0) throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "WINDOW_UPDATE of 0");
            if (!output.connectionWindowUpdate(increment)) {
                throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR, "connection window past 2^31-1");
            }
            return; // writeData runs after the frames
        }
        Http2Stream stream = streams.get(streamId);
        if (stream == null) {
            if (streamId > lastStreamId) throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "WINDOW_UPDATE on an idle stream");
            return; // closed: a late update is harmless
        }
        if (increment == 0) {
            streamError(stream, Http2.PROTOCOL_ERROR);
            return;
        }
        if (!output.streamWindowUpdate(stream, increment)) streamError(stream, Http2.FLOW_CONTROL_ERROR);
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception {
        throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
    }

    @Override
    public void unknown(int type, int flags, int streamId, ByteBuffer payload) throws Http2Exception {
        expectNoContinuation(); // even an unknown frame may not interrupt a header block (RFC 9113 6.10)
    }

    private void expectNoContinuation() throws Http2Exception {
        if (continuationStream != 0) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "a frame inside a header block");
        }
    }

    private void controlFrame() throws Http2Exception {
        if (!flood.controlFrame(link.now())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many frames without requests");
        }
    }

    // ---- flow control in (the client's data) ---------------------------------------------------------

    private void consumeConnectionWindow(int length) throws Http2Exception {
        if ((long) connectionUnacknowledged + length > limits.connectionWindowSize()) {
            throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
        }
        connectionUnacknowledged += length;
        // Bodies are taken off the connection at once (buffered, piped or dropped): give the window back in halves.
        if (connectionUnacknowledged >= limits.connectionWindowSize() / 2) {
            output.windowUpdate(0, connectionUnacknowledged);
            connectionUnacknowledged = 0;
        }
    }

    /** Gives a stream's window back once half is used, unless its handler lags (then when it catches up). */
    private void giveBackStreamWindow(Http2Stream stream) {
        if (stream.pipeFull || stream.unacknowledged < limits.initialWindowSize() / 2) return;
        output.windowUpdate(stream.id, stream.unacknowledged);
        stream.unacknowledged = 0;
    }

    /** A streamed body's reader caught up (any thread): its window opens again. */
    private void resumeBody(Http2Stream stream) {
        try {
            link.execute(() -> {
                if (state == State.CLOSED || streams.get(stream.id) != stream) return;
                stream.pipeFull = false;
                if (!stream.remoteClosed) giveBackStreamWindow(stream);
                countOutput();
            });
        } catch (RejectedExecutionException ignored) {
            // the transport stopped; the connection is gone
        }
    }

    // ---- dispatch --------------------------------------------------------------------------------------

    /**
     * Hands the stream to its handler: here, when the transport lets answers come later; on a virtual thread of
     * its own when the transport is blocking (its thread must go back to reading the other streams).
     */
    private void dispatchNow(Http2Stream stream, RequestBody body) {
        context.stats().requests.increment();
        if (link.acceptsLateResponses()) {
            Response response = dispatcher.dispatch(stream, body);
            if (response != null) complete(stream, response);
            return;
        }
        context.virtualThreads().start("barista-h2-stream", () -> {
            Response response = dispatcher.dispatch(stream, body);
            if (response != null) respondLater(stream, response);
        });
    }

    private boolean reserve(Http2Stream stream, long bytes) {
        if (memory.tryReserve(bytes)) {
            stream.reserved += bytes;
            return true;
        }
        refuseBody(stream, 503, "Service Unavailable: the server is out of memory for request bodies");
        return false;
    }

    /** Answers a stream without its body (413, 503): the rest of the body is dropped, the stream reset after. */
    private void refuseBody(Http2Stream stream, int status, String reason) {
        stream.discardBody = true;
        memory.release(stream.reserved);
        stream.reserved = 0;
        stream.body = null;
        if (stream.pipe != null) {
            stream.pipe.fail(new IOException("the request body was refused (" + status + ")"));
            return; // its handler is running: the failed read becomes its answer
        }
        stream.resetAfterAnswer = true;
        context.stats().requests.increment();
        complete(stream, Response.error(status, reason));
    }

    /** Answers a request the server refuses before any handler sees it (431). */
    private void answerEarly(int streamId, boolean endStream, int status, String reason) {
        context.stats().badRequests.increment();
        RequestHead none = new RequestHead("GET", "/", "/", null, dev.barista.http.HttpVersion.HTTP_2, Headers.EMPTY,
                null, RequestHead.BodyFraming.NONE, 0, true, false);
        Http2Stream stream = new Http2Stream(this, streamId, none, link.now(), output.initialStreamWindow());
        streams.put(streamId, stream);
        stream.remoteClosed = endStream;
        stream.discardBody = true;
        stream.resetAfterAnswer = !endStream;
        complete(stream, Response.error(status, reason));
    }

    // ---- responses in ----------------------------------------------------------------------------------

    /** A response from another thread: handed to the session's thread. */
    void respondLater(Http2Stream stream, Response response) {
        try {
            link.execute(() -> complete(stream, response));
        } catch (RejectedExecutionException e) {
            UnsentResponse.release(response);
        }
    }

    /** The stream's response is ready (session thread): its HEADERS now, its DATA as windows allow. */
    void complete(Http2Stream stream, Response response) {
        if (state == State.CLOSED || stream.localClosed || streams.get(stream.id) != stream) {
            UnsentResponse.release(response);
            return;
        }
        if (response.body() instanceof ResponseBody.Entity) {
            LOG.log(System.Logger.Level.ERROR, "a response entity reached the connection unwritten: " + response);
            response = Response.error(500, "Internal Server Error");
        }
        context.answered(stream.head(), stream.route(), response, System.nanoTime() - stream.startNanos(),
                connection.peerAddress());
        boolean sendsBody = !stream.head().isHead() && ResponseHeaders.mayHaveContent(response.status());
        ResponseBody body = response.body();
        long length = body.length();
        if (sendsBody && response.trailers() != null) stream.trailed = response;
        boolean endWithHeaders = !sendsBody || (length == 0 && stream.trailed == null);
        output.headers(stream, response, length, endWithHeaders);
        if (endWithHeaders) {
            UnsentResponse.release(response);
            endLocal(stream);
            return;
        }
        switch (body) {
            case ResponseBody.Bytes bytes -> {
                stream.data.add(ByteBuffer.wrap(bytes.array(), bytes.offset(), bytes.count()));
                stream.queuedBytes = bytes.count();
                stream.bodyComplete = true;
            }
            case ResponseBody.FileRegion file -> {
                stream.file = file;
                stream.fileSent = 0;
            }
            case ResponseBody.Stream pumped -> {
                stream.pump = new Http2BodyPump(this, stream, link, pumped);
                stream.pump.start(context.virtualThreads());
            }
            case ResponseBody.Empty ignored -> stream.bodyComplete = true;
            case ResponseBody.Entity ignored -> throw new AssertionError("replaced above");
        }
        output.schedule(stream);
        writeData();
    }

    /** A chunk of a streamed body arrived from its pump (session thread). */
    void pumped(Http2Stream stream, Http2BodyPump pump, byte[] chunk, int length) {
        if (stream.pump != pump || stream.localClosed) return;
        stream.data.add(ByteBuffer.wrap(chunk, 0, length));
        stream.queuedBytes += length;
        output.schedule(stream);
        writeData();
        countOutput();
    }

    /** The pump finished: END_STREAM follows the last chunk, or the stream is reset if the body failed. */
    void pumpEnded(Http2Stream stream, Http2BodyPump pump, boolean complete) {
        if (stream.pump != pump || stream.localClosed) return;
        stream.pump = null;
        if (!complete) {
            streamError(stream, Http2.INTERNAL_ERROR); // the head promised what we cannot deliver
        } else {
            stream.bodyComplete = true;
            output.schedule(stream);
            writeData();
        }
        countOutput();
    }

    /** Response bodies into DATA frames, as the windows allow (not once the connection is ending). */
    private void writeData() {
        if (state != State.CLOSED && state != State.LINGERING) output.writeData();
    }

    /** END_STREAM sent: the stream is done on our side; forgotten once the client's side is done too. */
    private void endLocal(Http2Stream stream) {
        stream.localClosed = true;
        if (stream.resetAfterAnswer && !stream.remoteClosed) {
            resetStream(stream.id, Http2.NO_ERROR); // the client may stop sending the body we refused
            stream.remoteClosed = true;
        }
        if (stream.remoteClosed) forget(stream);
    }

    // ---- stream endings ----------------------------------------------------------------------------------

    /** A stream error (RFC 9113 5.4.2): RST_STREAM, and the stream's work is stopped. */
    private void streamError(Http2Stream stream, int code) {
        if (!stream.localClosed) resetStream(stream.id, code);
        stream.localClosed = true;
        stream.remoteClosed = true;
        abandon(stream);
    }

    private void resetStream(int streamId, int code) {
        output.rstStream(streamId, code);
        recentlyReset[recentResetIndex++ % RECENT_RESETS] = streamId;
    }

    private boolean wasReset(int streamId) {
        for (int id : recentlyReset) {
            if (id == streamId) return true;
        }
        return false;
    }

    /** The stream will never be answered (reset, or its request cannot complete): stop its handler. */
    private void abandon(Http2Stream stream) {
        if (stream.pipe != null) stream.pipe.fail(new IOException("the stream was reset"));
        stream.cancel();
        stream.localClosed = true;
        stream.remoteClosed = true;
        forget(stream);
    }

    private void forget(Http2Stream stream) {
        if (streams.remove(stream.id) == null) return;
        release(stream);
        if (streams.isEmpty() && (state == State.GOING_AWAY || peerGoingAway) && !out.hasPending()) finishOutput();
    }

    private void release(Http2Stream stream) {
        memory.release(stream.reserved);
        stream.reserved = 0;
        stream.body = null;
        stream.releaseResponse();
    }

    // ---- the connection's end -----------------------------------------------------------------------------

    /** A connection error (RFC 9113 5.4.1): GOAWAY with its code, then the connection ends. */
    private void connectionError(Http2Exception e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "HTTP/2 connection error " + Http2.errorName(e.errorCode())
                + " from " + connection.peerAddress() + ": " + e.getMessage());
        context.stats().badRequests.increment();
        endBecause(CloseReason.PROTOCOL_ERROR);
        goAway(e.errorCode());
    }

    /** Sends GOAWAY and ends the connection once what is queued is out; streams under way are abandoned. */
    private void goAway(int code) {
        if (state == State.CLOSING || state == State.LINGERING || state == State.CLOSED) return;
        writeGoAway(code);
        for (Http2Stream stream : List.copyOf(streams.values())) abandon(stream);
        output.clear();
        setState(State.CLOSING);
        if (!out.hasPending()) finishOutput();
    }

    private void writeGoAway(int code) {
        output.goAway(lastStreamId, code);
    }

    /** Everything is written: linger so that the client reads our GOAWAY rather than a reset. */
    private void finishOutput() {
        if (state == State.GOING_AWAY || peerGoingAway) {
            if (!streams.isEmpty()) return;
            if (state != State.CLOSING) setState(State.CLOSING);
        }
        if (inputClosed) {
            close(closeReason != null ? closeReason : CloseReason.CLIENT_CLOSED);
            return;
        }
        setState(State.LINGERING);
    }

    private void setState(State next) {
        state = next;
        stateSinceNanos = link.now();
    }

    private void endBecause(CloseReason reason) {
        if (closeReason == null) closeReason = reason;
    }

    private void countOutput() {
        if (state == State.CLOSED) return;
        long pending = out.pendingBytes();
        memory.add(pending - outputCounted);
        outputCounted = pending;
    }
}
