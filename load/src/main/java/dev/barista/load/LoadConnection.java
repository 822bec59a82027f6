package dev.barista.load;

import dev.barista.http.Headers;
import dev.barista.http.HttpLimits;
import dev.barista.http.ResponseHead;
import dev.barista.http.ResponseParser;
import dev.barista.http.ResponseSink;
import dev.barista.transport.nio.IoHandler;
import dev.barista.transport.nio.LoopTimer;
import dev.barista.transport.nio.Poller;
import dev.barista.transport.nio.Registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of a load run, on its loop: connect, send, parse responses with core's
 * {@link ResponseParser}, record each, send again; after a failure, count it and reconnect.
 *
 * <p>Closed loop: {@code pipeline} requests in flight, one more sent as each response arrives. Open loop (wrk2's
 * coordinated-omission correction): request k is due at {@code first + k * interval}; it is sent then, or as soon
 * as the connection has room if the server is behind, and its latency counts from when it was due, so a stalled
 * server shows up as the wait every scheduled request suffered, not as one slow request.
 *
 * <p>Reads go into the loop's shared buffer; only a response head split across reads is carried over in a
 * buffer of this connection's own (and dropped once used), so an idle connection holds no buffer.
 */
final class LoadConnection implements IoHandler, ResponseSink {
    private static final HttpLimits LIMITS = HttpLimits.DEFAULTS.withMaxBodySize(64L * 1024 * 1024);
    private static final int CARRY_SIZE = 32 * 1024;
    /** A connect that failed is retried after this long, so a refusing server is not hammered in a spin. */
    private static final long RECONNECT_DELAY_MILLIS = 100;

    private enum State { IDLE, CONNECTING, OPEN, CLOSED }

    private final LoadLoop run;
    private final InetAddress source;
    private final InetSocketAddress target;
    private final long firstSendOffsetNanos;
    private ResponseParser parser = new ResponseParser(LIMITS);
    /** Send times (intended ones under an open loop) of the requests in flight, oldest first: a ring. */
    private final long[] sendTimes;
    /** Under a mix, whether each request in flight is of the slow class (a ring beside {@link #sendTimes}). */
    private final boolean[] slowInFlight;
    private int oldest;
    private int inFlight;
    private State state = State.IDLE;
    private SocketChannel channel;
    private Registration registration;
    private ByteBuffer carry;
    private ByteBuffer unsent;
    private long waitingSince;
    private long connectStartedAt;
    private long nextDue;
    private LoopTimer dueTimer;
    // The response being parsed.
    private int status;
    private boolean keepAlive;

    LoadConnection(LoadLoop run, InetAddress source, InetAddress target, long firstSendOffsetNanos) {
        this.run = run;
        this.source = source;
        this.target = new InetSocketAddress(target, run.config.port());
        this.firstSendOffsetNanos = firstSendOffsetNanos;
        this.sendTimes = new long[run.config.pipeline()];
        this.slowInFlight = new boolean[run.config.pipeline()];
    }

    int inFlight() {
        return inFlight;
    }

    /** True while the connection is not established (connecting, or waiting to reconnect). */
    boolean unconnected() {
        return state == State.IDLE || state == State.CONNECTING;
    }

    void connect() {
        long now = System.nanoTime();
        if (!run.clock.sending(now) || state == State.CLOSED) return;
        if (run.config.openLoop() && nextDue == 0) nextDue = run.clock.startNanos() + firstSendOffsetNanos;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // A connection per request closes thousands a second: with a lingering close each would hold an
            // ephemeral port in TIME_WAIT for a minute, and the run would run out of them. Reset instead.
            if (run.connectionPerRequest) ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            if (source != null) ch.bind(new InetSocketAddress(source, 0));
            channel = ch;
            state = State.CONNECTING;
            waitingSince = now;
            connectStartedAt = now;
            if (ch.connect(target)) {
                registration = run.loop.register(ch, Poller.READ, this);
                connected();
            } else {
                registration = run.loop.register(ch, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) closeQuietly(ch);
            channel = null;
            state = State.IDLE;
            run.connectFailure(SystemLimits.describe(e));
            retryLater();
        }
    }

    @Override
    public void ready(int readyOps) {
        if (state == State.CONNECTING) {
            finishConnect();
            return;
        }
        if ((readyOps & Poller.WRITE) != 0) flushUnsent();
        if (state == State.OPEN && (readyOps & Poller.READ) != 0) read();
    }

    private void finishConnect() {
        try {
            if (!channel.finishConnect()) return;
        } catch (IOException e) {
            dropChannel();
            run.connectFailure(SystemLimits.describe(e));
            retryLater();
            return;
        }
        registration.interest(Poller.READ);
        connected();
    }

    private void connected() {
        state = State.OPEN;
        run.opened();
        if (run.config.openLoop()) {
            sendDue(System.nanoTime());
        } else {
            // A connection per request: its request's latency includes the connect (for a process per
            // connection, the child's start-up is in either part).
            send(run.config.pipeline(), run.connectionPerRequest ? connectStartedAt : System.nanoTime());
        }
    }

    // ---- sending ---------------------------------------------------------------------------------------

    /** Closed loop: writes {@code n} requests at once. */
    private void send(int n, long now) {
        if (n <= 0 || !run.clock.sending(now)) return;
        for (int i = 0; i < n; i++) sendTimes[(oldest + inFlight + i) % sendTimes.length] = now;
        write(n, now);
    }

    /** Open loop: sends every request that is due and fits, then waits for the next one's time. */
    private void sendDue(long now) {
        int room = sendTimes.length - inFlight;
        int n = 0;
        while (n < room && nextDue <= now && run.clock.sending(nextDue)) {
            sendTimes[(oldest + inFlight + n) % sendTimes.length] = nextDue;
            nextDue += run.openLoopIntervalNanos;
            n++;
        }
        if (n > 0) write(n, now);
        if (state == State.OPEN && inFlight < sendTimes.length && run.clock.sending(nextDue) && dueTimer == null) {
            dueTimer = run.loop.scheduleAt(nextDue, this::onDue);
        }
    }

    private void onDue() {
        dueTimer = null;
        if (state == State.OPEN) sendDue(System.nanoTime());
    }

    private void write(int n, long now) {
        if (inFlight == 0) waitingSince = now;
        inFlight += n;
        run.sentRequests(n);
        ByteBuffer out = run.request.first(n);
        if (run.mix != null) {
            // One request at a time under a mix (pipeline 1): the fast one, or a slow one.
            int choice = run.nextRequest();
            slowInFlight[(oldest + inFlight - 1) % slowInFlight.length] = choice >= 0;
            if (choice >= 0) out = run.slowRequests[choice].first(1);
        }
        if (unsent != null) {
            // The socket is still full from an earlier write: queue behind it.
            appendUnsent(out);
            return;
        }
        try {
            channel.write(out);
        } catch (IOException e) {
            fail(ErrorKind.READ);
            return;
        }
        if (out.hasRemaining()) {
            appendUnsent(out);
            registration.interest(Poller.READ | Poller.WRITE);
        }
    }

    private void appendUnsent(ByteBuffer more) {
        ByteBuffer grown = ByteBuffer.allocate((unsent == null ? 0 : unsent.remaining()) + more.remaining());
        if (unsent != null) grown.put(unsent);
        grown.put(more).flip();
        unsent = grown;
    }

    private void flushUnsent() {
        if (unsent == null) {
            registration.interest(Poller.READ);
            return;
        }
        try {
            channel.write(unsent);
        } catch (IOException e) {
            fail(ErrorKind.READ);
            return;
        }
        if (!unsent.hasRemaining()) {
            unsent = null;
            registration.interest(Poller.READ);
        }
    }

    // ---- receiving -------------------------------------------------------------------------------------

    private void read() {
        SocketChannel reading = channel;
        ByteBuffer in = carry != null ? carry : run.readBuffer;
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            fail(ErrorKind.READ);
            return;
        }
        if (n < 0) {
            serverClosed();
            return;
        }
        in.flip();
        while (in.hasRemaining() && state == State.OPEN) {
            ResponseParser.Progress p = parser.parse(in, this);
            if (p == ResponseParser.Progress.NEED_MORE) break;
            if (p == ResponseParser.Progress.ERROR) {
                fail(ErrorKind.PROTOCOL);
                in.clear();
                return;
            }
            if (!responseDone()) break;
        }
        if (channel != reading) {
            // The connection failed or was replaced while parsing: what is left belonged to the old one.
            if (in != carry) in.clear();
            return;
        }
        keepRest(in);
    }

    /** Keeps what the parser has not consumed (a split head) for the next read. */
    private void keepRest(ByteBuffer in) {
        if (state != State.OPEN || !in.hasRemaining()) {
            if (in == carry) carry = null; else in.clear();
            return;
        }
        if (in == carry) {
            in.compact();
            if (!in.hasRemaining()) fail(ErrorKind.PROTOCOL); // a head larger than any limit allows
            return;
        }
        carry = ByteBuffer.allocate(CARRY_SIZE);
        carry.put(in);
        in.clear();
    }

    @Override
    public void head(ResponseHead head) {
        status = head.status();
        keepAlive = head.keepAlive();
    }

    @Override
    public void content(ByteBuffer slice) {
        // The body is not looked at: parsing frames it, that is all a load generator needs.
    }

    @Override
    public void end(Headers trailers) {
        // responseDone() runs when parse() reports MESSAGE_DONE.
    }

    /** Returns false when the connection cannot carry another exchange. */
    private boolean responseDone() {
        long now = System.nanoTime();
        if (inFlight == 0) {
            fail(ErrorKind.PROTOCOL); // a response nobody asked for
            return false;
        }
        long sentAt = sendTimes[oldest];
        boolean slow = slowInFlight[oldest];
        oldest = (oldest + 1) % sendTimes.length;
        inFlight--;
        waitingSince = now;
        run.response(now, now - sentAt, status, slow);
        if (!keepAlive) {
            // The server ends the connection after this response: what was pipelined behind it is lost.
            run.serverClosed();
            if (inFlight > 0) run.error(ErrorKind.READ);
            reconnect();
            return false;
        }
        if (run.connectionPerRequest) {
            reconnect();
            return false;
        }
        if (run.config.openLoop()) {
            sendDue(now);
        } else {
            send(1, now);
        }
        return true;
    }

    private void serverClosed() {
        run.serverClosed();
        if (inFlight > 0 || !parser.isIdle()) {
            if (parser.endOfInput(this) == ResponseParser.Progress.MESSAGE_DONE && inFlight > 0) {
                responseDone();
                if (state != State.OPEN) return;
            }
            fail(inFlight > 0 ? ErrorKind.READ : ErrorKind.PROTOCOL);
            return;
        }
        reconnect();
    }

    // ---- failures and timeouts -------------------------------------------------------------------------

    void checkTimeout(long now) {
        if (state == State.CONNECTING && now - waitingSince > run.config.timeout().toNanos()) {
            dropChannel();
            run.connectFailure("connect timed out after " + run.config.timeout().toMillis() + " ms");
            connect();
        } else if (state == State.OPEN && inFlight > 0 && now - waitingSince > run.config.timeout().toNanos()) {
            // Every request in flight on it is lost; count the connection's stall once per request.
            for (int i = 0; i < inFlight; i++) run.error(ErrorKind.TIMEOUT);
            inFlight = 0;
            reconnect();
        }
    }

    private void fail(ErrorKind kind) {
        run.error(kind);
        inFlight = 0;
        reconnect();
    }

    private void reconnect() {
        dropChannel();
        connect();
    }

    private void retryLater() {
        run.loop.schedule(RECONNECT_DELAY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS, this::connect);
    }

    /** Closes the socket and forgets every per-connection state; the connection may connect again. */
    private void dropChannel() {
        if (state == State.OPEN) run.closed();
        if (channel != null) closeQuietly(channel);
        if (registration != null) registration.cancel();
        if (dueTimer != null) dueTimer.cancel();
        channel = null;
        registration = null;
        dueTimer = null;
        carry = null;
        unsent = null;
        inFlight = 0;
        oldest = 0;
        if (state != State.CLOSED) state = State.IDLE;
        if (!parser.isIdle() || parser.error() != null) replaceParser();
    }

    private void replaceParser() {
        parser = new ResponseParser(LIMITS);
    }

    /** The run is over: close for good. */
    void close() {
        State was = state;
        state = State.CLOSED;
        if (was == State.OPEN) run.closed();
        if (channel != null) closeQuietly(channel);
        if (dueTimer != null) dueTimer.cancel();
        channel = null;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to do about a failure
        }
    }
}
