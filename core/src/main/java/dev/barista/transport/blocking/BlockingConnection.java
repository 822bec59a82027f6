package dev.barista.transport.blocking;

import dev.barista.handler.Endpoint;
import dev.barista.http.Headers;
import dev.barista.http.HttpError;
import dev.barista.http.HttpVersion;
import dev.barista.http.MessageSink;
import dev.barista.http.RequestHead;
import dev.barista.http.RequestParser;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.http.ResponseEncoder;
import dev.barista.server.BodyBuffer;
import dev.barista.server.CloseReason;
import dev.barista.server.Invocation;
import dev.barista.server.Resolution;
import dev.barista.server.ServerConfig;
import dev.barista.server.ServerContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * One HTTP/1.1 connection served by one thread with blocking I/O (platform or virtual: the model decides),
 * with the same codec, limits and timeouts as the event loops. Reads like Helidon's connection loop: read a
 * request, route it, write the answer, repeat. Pipelined requests already read are answered before the
 * buffered responses are flushed, so they leave in one write.
 *
 * <p>Fields belong to the serving thread, except {@link #idle} and {@link #writeDeadlineNanos}, which the
 * transport reads to close idle connections on a graceful stop and stalled writers on a write timeout.
 */
final class BlockingConnection implements Runnable, MessageSink {
    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    private static final int COPY_THRESHOLD = 8 * 1024;
    private static final int STREAM_CHUNK = 16 * 1024;

    private final SocketChannel channel;
    private final InputStream in;
    private final ServerContext context;
    private final ServerConfig config;
    private final RequestParser parser;
    private final Set<BlockingConnection> registry;
    private ByteBuffer inbound = ByteBuffer.allocate(8 * 1024).flip();
    private final ByteBuffer out = ByteBuffer.allocate(16 * 1024);

    // The message being received (serving thread only).
    private RequestHead head;
    private BodyBuffer body;
    private Headers trailers;
    /** When the current message's head arrived (System.nanoTime()). */
    private long headNanos;
    /** Why the connection ends, once decided (serving thread only; other threads pass theirs to close). */
    private CloseReason closeReason;

    /** True while waiting for the next request with nothing of it read. */
    volatile boolean idle;
    /** Since when it has been idle (System.nanoTime()), valid while {@link #idle}. */
    private volatile long idleSinceNanos;
    /** When the current write must have finished (System.nanoTime()), or 0 when not writing. */
    volatile long writeDeadlineNanos;

    BlockingConnection(SocketChannel channel, ServerContext context, Set<BlockingConnection> registry)
            throws IOException {
        this.channel = channel;
        // The socket adaptor's stream honours SO_TIMEOUT, which the channel's own read does not.
        this.in = channel.socket().getInputStream();
        this.context = context;
        this.config = context.config();
        this.parser = new RequestParser(config.limits());
        this.registry = registry;
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Override
    public void run() {
        try {
            while (serveOne()) {
                // next request
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the peer vanished, or a stop or the write reaper closed the socket: nothing to answer
            if (closeReason == null) closeReason = CloseReason.IO_ERROR;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", e);
            closeReason = CloseReason.IO_ERROR;
        } finally {
            close(closeReason == null ? CloseReason.CLIENT_CLOSED : closeReason);
        }
    }

    /** Reads, answers and writes one request; false when the connection should close. */
    private boolean serveOne() throws IOException {
        RequestParser.Progress progress;
        try {
            progress = readMessage();
        } catch (SocketTimeoutException e) {
            context.stats().timeouts.increment();
            if (parser.isIdle() && !inbound.hasRemaining()) {
                closeReason = CloseReason.IDLE_TIMEOUT;
                return false; // idle keep-alive: close quietly
            }
            closeReason = CloseReason.REQUEST_TIMEOUT;
            return answerFailure(new HttpError(408, "Request timeout"));
        }
        if (progress == null) return false;
        if (progress == RequestParser.Progress.ERROR) {
            closeReason = CloseReason.PROTOCOL_ERROR;
            return answerFailure(parser.error());
        }

        context.stats().requests.increment();
        RequestHead request = head;
        Resolution resolution = Resolution.of(context.router(), request, body.toBody(), trailers);
        Response response = switch (resolution) {
            case Resolution.Answer answer -> answer.response();
            case Resolution.Call call -> call(call);
        };
        context.answered(request, resolution instanceof Resolution.Call c ? c.route() : null, response, headNanos,
                channel);
        head = null;
        body = null;
        boolean close = !request.keepAlive() || response.closeConnection() || context.draining();
        close |= writeResponse(response, request.version(), request.isHead(), close);
        if (close) {
            closeReason = context.draining() ? CloseReason.SERVER_STOP : CloseReason.RESPONSE_CLOSE;
            flush();
            lingerAndClose();
            return false;
        }
        return true;
    }

    /** Every endpoint runs right here: this thread is the connection's own. */
    private Response call(Resolution.Call call) {
        return switch (call.route().endpoint()) {
            // A streamed body is received whole first here; the handler reads it through the same stream API.
            case Endpoint.Blocking _, Endpoint.Streaming _, Endpoint.NonBlocking _ -> Invocation.call(
                    Endpoint.handlerOf(call.route().endpoint()), call.request(), call.route(), context.stats());
            case Endpoint.Async a -> {
                try {
                    yield Invocation.callAsync(a.handler(), call.request()).toCompletableFuture().get();
                } catch (ExecutionException e) {
                    yield Invocation.failure(e.getCause(), call.request(), call.route(), context.stats());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    yield Invocation.failure(e, call.request(), call.route(), context.stats());
                }
            }
        };
    }

    private boolean answerFailure(HttpError error) throws IOException {
        if (error.status() != 408) context.stats().badRequests.increment();
        Response answer = Response.error(error.status(), error.reason());
        context.answered(null, null, answer, head != null ? headNanos : System.nanoTime(), channel);
        writeResponse(answer, HttpVersion.HTTP_1_1, false, true);
        flush();
        lingerAndClose();
        return false;
    }

    // ---- reading ---------------------------------------------------------------------------------------

    /**
     * Parses until one message is complete. Returns MESSAGE_DONE, ERROR, or null when the connection ends
     * between requests (EOF, or a graceful stop closing it while idle).
     */
    private RequestParser.Progress readMessage() throws IOException {
        long headStart = 0;
        while (true) {
            if (inbound.hasRemaining()) {
                RequestParser.Progress p = parser.parse(inbound, this);
                if (p != RequestParser.Progress.NEED_MORE) return p;
            }
            boolean atRest = parser.isIdle() && !inbound.hasRemaining();
            if (atRest) {
                flush(); // answers of pipelined requests leave together, before we wait
                if (context.draining()) {
                    closeReason = CloseReason.SERVER_STOP;
                    return null;
                }
            }
            long now = System.nanoTime();
            if (!atRest && headStart == 0) headStart = now;
            channel.socket().setSoTimeout(readTimeoutMillis(atRest, headStart, now));
            if (atRest) idleSinceNanos = System.nanoTime();
            idle = atRest;
            int n;
            try {
                n = read();
            } finally {
                idle = false;
            }
            if (n < 0) return null; // EOF: between requests a normal close; mid-request, nothing to answer
            if (atRest) headStart = System.nanoTime();
        }
    }

    private int readTimeoutMillis(boolean atRest, long headStart, long now) throws SocketTimeoutException {
        var t = config.timeouts();
        if (atRest) return (int) Math.max(1, t.idle().toMillis());
        if (parser.inBody()) return (int) Math.max(1, t.body().toMillis());
        // The head's deadline counts from its first byte: a byte at a time does not extend it (slowloris).
        long left = headStart + t.requestHeader().toNanos() - now;
        if (left <= 0) throw new SocketTimeoutException("request head timeout");
        return (int) Math.max(1, left / 1_000_000);
    }

    private int read() throws IOException {
        inbound.compact();
        if (!inbound.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocate(inbound.capacity() * 2);
            inbound.flip();
            larger.put(inbound);
            inbound = larger;
        }
        try {
            int n = in.read(inbound.array(), inbound.arrayOffset() + inbound.position(), inbound.remaining());
            if (n > 0) inbound.position(inbound.position() + n);
            return n;
        } finally {
            inbound.flip();
        }
    }

    @Override
    public void head(RequestHead requestHead) {
        headNanos = System.nanoTime();
        head = requestHead;
        body = new BodyBuffer(requestHead.contentLength());
        if (requestHead.expectContinue() && !inbound.hasRemaining()) {
            byte[] interim = ResponseEncoder.continueLine();
            try {
                flush();
                writeFully(ByteBuffer.wrap(interim));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void content(ByteBuffer slice) {
        body.append(slice);
    }

    @Override
    public void end(Headers messageTrailers) {
        trailers = messageTrailers;
    }

    // ---- writing ---------------------------------------------------------------------------------------

    /** Queues (and if needed writes) one response; returns true if the connection must close after it. */
    private boolean writeResponse(Response response, HttpVersion version, boolean headRequest, boolean close)
            throws IOException {
        ResponseEncoder.Framing framing = ResponseEncoder.framing(response, version, headRequest);
        close |= framing == ResponseEncoder.Framing.UNTIL_CLOSE;
        if (!ResponseEncoder.encodeHead(response, version, headRequest, close, out)) {
            flush();
            if (!ResponseEncoder.encodeHead(response, version, headRequest, close, out)) {
                ByteBuffer large = ByteBuffer.allocate(1 << 20);
                if (!ResponseEncoder.encodeHead(response, version, headRequest, close, large)) {
                    throw new IOException("response head over 1 MiB");
                }
                writeFully(large.flip());
            }
        }
        boolean sendsBody = ResponseEncoder.sendsBody(framing);
        switch (response.body()) {
            case ResponseBody.Empty ignored -> { }
            case ResponseBody.Bytes bytes -> {
                if (!sendsBody) break;
                if (bytes.count() <= COPY_THRESHOLD && bytes.count() <= out.remaining()) {
                    out.put(bytes.array(), bytes.offset(), bytes.count());
                } else {
                    flush();
                    writeFully(ByteBuffer.wrap(bytes.array(), bytes.offset(), bytes.count()));
                }
            }
            case ResponseBody.FileRegion file -> {
                try (var source = file.channel()) {
                    if (sendsBody) {
                        flush();
                        sendFile(file);
                    }
                }
            }
            case ResponseBody.Stream stream -> {
                try (InputStream source = stream.stream()) {
                    if (sendsBody) {
                        flush();
                        if (!sendStream(source, stream.length(), framing == ResponseEncoder.Framing.CHUNKED)) {
                            return true;
                        }
                    }
                }
            }
        }
        return close;
    }

    private void sendFile(ResponseBody.FileRegion file) throws IOException {
        long sent = 0;
        writeDeadlineNanos = System.nanoTime() + config.timeouts().write().toNanos();
        try {
            while (sent < file.count()) {
                long n = file.channel().transferTo(file.position() + sent, file.count() - sent, channel);
                if (n <= 0) n = copyThroughBuffer(file, sent);
                sent += n;
            }
        } finally {
            writeDeadlineNanos = 0;
        }
    }

    /**
     * transferTo answered 0. On a virtual thread the socket is non-blocking underneath and transferTo does
     * not wait for room (a big file was cut off there); a plain write does, so copy one buffer's worth.
     */
    private long copyThroughBuffer(ResponseBody.FileRegion file, long sent) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 * 1024, file.count() - sent));
        int read = file.channel().read(buffer, file.position() + sent);
        if (read <= 0) throw new IOException("file shrank while being sent");
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        return read;
    }

    /** Streams the body; false if it turned out shorter or longer than announced (then we must close). */
    private boolean sendStream(InputStream source, long length, boolean chunked) throws IOException {
        byte[] chunk = new byte[STREAM_CHUNK];
        // Read no more than fits in `out` with its chunk-size line (8 hex digits + CRLF) and trailing CRLF:
        // a full STREAM_CHUNK plus framing overflowed it (BufferOverflowException, connection dropped).
        int max = Math.min(chunk.length, out.capacity() - 12);
        long sent = 0;
        int n;
        while ((n = source.read(chunk, 0, max)) >= 0) {
            if (n == 0) continue;
            if (length >= 0 && sent + n > length) return false;
            if (chunked) ResponseEncoder.putChunkHeader(out, n);
            out.put(chunk, 0, n);
            if (chunked) ResponseEncoder.putCrlf(out);
            flush();
            sent += n;
        }
        if (chunked) {
            ResponseEncoder.putLastChunk(out);
            return true;
        }
        return length < 0 || sent == length;
    }

    private void flush() throws IOException {
        if (out.position() == 0) return;
        out.flip();
        try {
            writeFully(out);
        } finally {
            out.clear();
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        writeDeadlineNanos = System.nanoTime() + config.timeouts().write().toNanos();
        try {
            while (buffer.hasRemaining()) channel.write(buffer);
        } finally {
            writeDeadlineNanos = 0;
        }
    }

    // ---- closing ---------------------------------------------------------------------------------------

    /** Shut our side, drain what the client still sends for a moment, so it sees our answer, not a reset. */
    private void lingerAndClose() {
        try {
            channel.shutdownOutput();
            channel.socket().setSoTimeout((int) Math.max(1, config.timeouts().linger().toMillis()));
            long deadline = System.nanoTime() + config.timeouts().linger().toNanos();
            byte[] sink = new byte[8 * 1024];
            while (System.nanoTime() - deadline < 0 && in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException ignored) {
            // timed out or reset: either way we are done
        }
    }

    /**
     * Graceful stop, called repeatedly while draining: a connection idle for
     * {@link ServerContext#DRAIN_IDLE_NANOS} is closed (a recently active one may be sending a request right
     * now: it gets until then, and the answer to that request closes it); a busy one closes after its
     * current answer.
     */
    void drain() {
        if (idle && System.nanoTime() - idleSinceNanos >= ServerContext.DRAIN_IDLE_NANOS) close(CloseReason.SERVER_STOP);
    }

    /**
     * Closes the socket (from any thread): a blocked read or write fails and the serving thread exits. The
     * first caller's reason is the one counted.
     */
    void close(CloseReason reason) {
        if (registry.remove(this)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the descriptor is released either way
            }
            context.connectionClosed(reason);
        }
    }
}
