package dev.barista.transport.blocking;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.SessionFactory;
import dev.barista.protocol.TransportLink;
import dev.barista.server.CloseReason;
import dev.barista.runtime.ServerContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection served by one thread with blocking I/O (platform or virtual: the model decides): the
 * blocking adapter around its protocol session. It reads like Helidon's connection loop — write what the
 * session queued, then read and feed, until the session says close — with timeouts as {@code SO_TIMEOUT}
 * set from the session's deadline. It knows no HTTP. Handlers run on this same thread, inside
 * {@link ProtocolSession#received}, so every answer is ready before the next read.
 *
 * <p>Fields belong to the serving thread, except the volatile ones the transport reads (to close idle
 * connections on a graceful stop, and stalled writers on a write timeout) and {@link #close}. A session
 * whose answers may come from other threads (HTTP/2 runs each stream on a virtual thread of its own) reaches it
 * through {@link #execute}, which takes {@link #lock}: the serving thread holds it at all times except while it
 * waits for the socket, so the session stays confined to one thread at a time.
 */
final class BlockingConnection implements Runnable, TransportLink {
    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    private static final int INITIAL_INPUT = 4 * 1024;
    private static final int STAGING = 16 * 1024;
    /** The buffers a connection holds while served, for the memory budget (a head that needs more grows it). */
    static final int BUFFER_BYTES = INITIAL_INPUT + STAGING;
    /** The most one blocking write call may carry, so that a slow reader's progress shows between calls. */
    private static final long WRITE_SLICE = 64 * 1024;
    private static final int RECHECK_MILLIS = 1000;
    private static final int NEW = 0;
    private static final int SERVING = 1;
    private static final int CLOSED_UNSERVED = 2;

    private final SocketChannel channel;
    private final InputStream in;
    private final ServerContext context;
    private final Set<BlockingConnection> registry;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final OutboundBuffer out = new OutboundBuffer(STAGING);
    /** The connection's protocol: replaced when it switches (h2c). */
    private ProtocolSession session;
    /** Received bytes the session has not taken yet, in read mode; allocated when the thread starts. */
    private ByteBuffer inbound;
    /** A response body the session asked to have pumped; this thread reads it before reading the socket again. */
    private InlinePump pumping;
    private final AtomicInteger life = new AtomicInteger(NEW);
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when another thread changed the session (an answer came): a paused serving thread looks again. */
    private final Condition changed = lock.newCondition();
    private volatile Thread servingThread;
    private volatile boolean released;
    /** The session was told of the graceful stop (serving thread). */
    private boolean drainTold;
    /** Memory budget reserved for this connection by its transport, released when it ends. */
    private final long reservedBytes;

    /** Since when the connection has waited for a request with nothing of it received (System.nanoTime()), or 0. */
    volatile long idleSinceNanos;
    /** When the current write must have finished (System.nanoTime()), or 0 when not writing. */
    volatile long writeDeadlineNanos;
    /** Why another thread closed the socket under this one (stop, stalled write), or null. */
    private volatile CloseReason closedBecause;

    BlockingConnection(SocketChannel channel, ServerContext context, SessionFactory sessions,
                       Set<BlockingConnection> registry, long reservedBytes) throws IOException {
        this.channel = channel;
        this.reservedBytes = reservedBytes;
        // The socket adaptor's stream honours SO_TIMEOUT, which the channel's own read does not.
        this.in = channel.socket().getInputStream();
        this.context = context;
        this.registry = registry;
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.session = sessions.open(this, out);
    }

    @Override
    public void run() {
        if (!life.compareAndSet(NEW, SERVING)) return; // closed (and counted) before a thread came for it
        servingThread = Thread.currentThread();
        lock.lock();
        try {
            inbound = ByteBuffer.allocate(INITIAL_INPUT).flip();
            serve();
        } catch (IOException | UncheckedIOException e) {
            // the peer vanished, or a stop or the write reaper closed the socket: nothing to answer
            session.close(closedBecause != null ? closedBecause : CloseReason.IO_ERROR);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", t);
            session.close(CloseReason.IO_ERROR);
        } finally {
            // Resources first, then the count: whoever waits for no open connection finds their memory given back.
            release();
            session.close(CloseReason.IO_ERROR); // counted once, under the reason decided first
            lock.unlock();
        }
    }

    /** Writes, pumps, lingers or reads, as the session's state says, until it is closed. */
    private void serve() throws IOException {
        while (true) {
            flush();
            if (out.hasPending()) continue; // the session queued more as the last went out (HTTP/2 windows, TLS)
            if (pumping != null) {
                pumpInline();
                continue;
            }
            switch (session.phase()) {
                case CLOSED -> {
                    return;
                }
                case LINGER -> {
                    linger();
                    return;
                }
                case OPEN -> {
                    if (inbound.hasRemaining() && session.holdsInput() && session.wantsInput()) {
                        session.received(inbound);
                    } else if (!session.wantsInput()) {
                        awaitChange(); // paused until another thread answers (or the deadline)
                    } else {
                        readOnce();
                    }
                }
            }
        }
    }

    /** Waits, without the lock, for another thread to change the session, or for its deadline. */
    private void awaitChange() {
        long deadline = session.deadline();
        long wait = deadline == ProtocolSession.NO_DEADLINE ? 1_000_000_000L : deadline - System.nanoTime();
        try {
            if (wait > 0) changed.awaitNanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close(CloseReason.SERVER_STOP);
            return;
        }
        if (deadline != ProtocolSession.NO_DEADLINE && System.nanoTime() - deadline >= 0) session.timerFired();
    }

    private void readOnce() throws IOException {
        boolean idle = session.isIdle();
        // Stopping: the session hears it once (HTTP/2 sends GOAWAY while its streams finish), and again while
        // idle (an idle connection closes, or soon).
        if (context.draining() && (idle || !drainTold)) {
            drainTold = true;
            session.drain();
            if (out.hasPending()) return; // what it has to say (a GOAWAY) goes out before the next read
        }
        if (session.phase() != ProtocolSession.Phase.OPEN) return;
        long wait = session.deadline() == ProtocolSession.NO_DEADLINE ? 0 : session.deadline() - System.nanoTime();
        if (session.deadline() != ProtocolSession.NO_DEADLINE && wait <= 0) {
            session.timerFired();
            return;
        }
        // No deadline while answers are under way on other threads (HTTP/2's streams): one of them may set one
        // (a stream stalled by its window), so look again every second rather than block until the next byte.
        int timeoutMillis = wait == 0 ? RECHECK_MILLIS : (int) Math.max(1, (wait + 999_999) / 1_000_000);
        channel.socket().setSoTimeout(timeoutMillis);
        if (idle) idleSinceNanos = System.nanoTime();
        int n;
        lock.unlock(); // other threads may answer streams while this one waits for the socket
        try {
            n = read();
        } catch (SocketTimeoutException e) {
            lock.lock();
            idleSinceNanos = 0;
            session.timerFired();
            return;
        } catch (IOException | RuntimeException e) {
            lock.lock();
            idleSinceNanos = 0;
            throw e;
        }
        lock.lock();
        idleSinceNanos = 0;
        if (n < 0) {
            if (closedBecause != null) session.close(closedBecause); // our own stop shut the input
            else session.inputClosed();
            return;
        }
        session.received(inbound);
    }

    /** Reads once into the unconsumed bytes' buffer, growing it when a message needs more room. */
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

    /** Writes everything queued; the reaper closes the socket if the client reads too slowly or not at all. */
    private void flush() throws IOException {
        long pending = out.pendingBytes();
        if (pending > 0) {
            // In slices, so that progress shows: the client must take each one within the write timeout and at
            // the minimum data rate (after its grace), or the reaper closes the connection. (A blocking write
            // returns only once its slice is taken: the rate is held per slice, not per byte as on a loop.)
            long writeTimeout = context.config().timeouts().write().toNanos();
            long sliceAllowance = Math.min(writeTimeout,
                    context.config().minDataRate().deadline(0, WRITE_SLICE - 1));
            writeDeadlineNanos = System.nanoTime() + sliceAllowance;
            try {
                out.flushFully(channel, WRITE_SLICE, n -> writeDeadlineNanos = System.nanoTime() + sliceAllowance);
            } finally {
                writeDeadlineNanos = 0;
            }
        }
        session.flushed(pending);
    }

    /** Lingering close: shut our side, drain what the client still sends until it closes or the deadline. */
    private void linger() throws IOException {
        channel.shutdownOutput();
        byte[] sink = new byte[8 * 1024];
        while (session.phase() == ProtocolSession.Phase.LINGER) {
            long wait = session.deadline() - System.nanoTime();
            if (wait <= 0) {
                session.timerFired();
                continue;
            }
            channel.socket().setSoTimeout((int) Math.max(1, wait / 1_000_000));
            try {
                if (in.read(sink) < 0) session.inputClosed();
            } catch (SocketTimeoutException e) {
                session.timerFired();
            }
        }
    }

    /** Reads the response body stream here (this thread may block), a chunk at a time, each written at once. */
    private void pumpInline() throws IOException {
        InlinePump pump = pumping;
        pumping = null;
        pump.run(this::flush);
    }

    private void release() {
        released = true;
        registry.remove(this);
        context.memory().release(reservedBytes);
        try {
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
        out.discard();
    }

    /**
     * Graceful stop, called repeatedly while draining (any thread): a connection idle for
     * {@link ServerContext#DRAIN_IDLE_NANOS} has its input shut, which ends its serving thread's read; a busy
     * one closes after its current answer.
     */
    void drain() {
        long since = idleSinceNanos;
        if (since != 0 && System.nanoTime() - since >= ServerContext.DRAIN_IDLE_NANOS) {
            closedBecause = CloseReason.SERVER_STOP;
            try {
                channel.shutdownInput();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }

    /**
     * Closes the socket from another thread: a blocked read or write fails and the serving thread counts the
     * close under {@code reason}. A connection no thread has served yet is counted here.
     */
    void close(CloseReason reason) {
        closedBecause = reason;
        if (life.compareAndSet(NEW, CLOSED_UNSERVED)) {
            registry.remove(this);
            context.memory().release(reservedBytes);
            context.connectionClosed(reason);
        }
        try {
            // A stalled writer's bytes would stay queued in the kernel after a plain close: reset instead.
            if (reason == CloseReason.WRITE_TIMEOUT) channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
    }

    // ---- TransportLink -------------------------------------------------------------------------------

    /**
     * On the serving thread, a task runs here and now. From another thread (an HTTP/2 stream's answer), it runs
     * under the lock, and that thread also writes what it queued: the serving thread may be blocked reading.
     */
    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == servingThread) {
            task.run();
            return;
        }
        lock.lock();
        try {
            task.run(); // even once released: a late answer must still release its file or stream
            if (released) return;
            do {
                flush();
            } while (out.hasPending() && !released);
            changed.signalAll();
        } catch (IOException e) {
            session.close(CloseReason.IO_ERROR);
            close(CloseReason.IO_ERROR); // the serving thread's read fails and it releases the connection
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean acceptsLateResponses() {
        return false;
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    @Override
    public StreamSource pump(ResponseBody.Stream body, StreamSink sink) {
        pumping = new InlinePump(body, sink);
        return pumping;
    }

    @Override
    public OutboundBuffer newOutboundBuffer() {
        return new OutboundBuffer(STAGING);
    }

    @Override
    public void switchProtocol(ProtocolSession next) {
        session = next;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }
}
