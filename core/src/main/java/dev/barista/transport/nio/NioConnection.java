package dev.barista.transport.nio;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.InboundBuffer;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.SessionFactory;
import dev.barista.protocol.TransportLink;
import dev.barista.server.CloseReason;
import dev.barista.runtime.ServerContext;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Set;

/**
 * One connection on an event loop: the non-blocking adapter around its protocol session. It moves bytes
 * (reads into the loop's buffer, writes the session's output), arms one timer at the session's deadline,
 * and after every event does what the session's state asks: read or not, write, linger, close. It knows no
 * HTTP.
 *
 * <p>Every field belongs to the loop's thread. Workers, completing stages and stream pumps reach the
 * session only through {@link #execute}.
 */
final class NioConnection implements IoHandler, TransportLink {
    private static final System.Logger LOG = System.getLogger(NioConnection.class.getName());
    private static final int LINGER_READS_PER_EVENT = 16;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Set<NioConnection> registry;
    private final OutboundBuffer out;
    /** Unparsed input kept between reads (a partial message, or requests the session held back). */
    private final InboundBuffer inbound;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    /** The connection's protocol: replaced when it switches (h2c). */
    private ProtocolSession session;
    private final VirtualThreadCounter virtualThreads;
    private Registration registration;
    private StreamPump pump;
    private LoopTimer timer;
    private long timerDeadline = ProtocolSession.NO_DEADLINE;
    private boolean outputShut;
    private boolean released;

    NioConnection(EventLoop loop, SocketChannel channel, ServerContext context, SessionFactory sessions,
                  Set<NioConnection> registry) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.registry = registry;
        this.out = new OutboundBuffer(loop.writeStaging);
        this.inbound = new InboundBuffer(loop.readBuffer, 4096);
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.virtualThreads = context.virtualThreads();
        this.session = sessions.open(this, out);
    }

    /** Joins the loop, which already counts this connection (the acceptor counted it when choosing). */
    void open() throws IOException {
        assert loop.inLoop();
        registration = loop.register(channel, Poller.READ, this);
        registry.add(this);
        settle();
    }

    @Override
    public void ready(int readyOps) {
        try {
            if ((readyOps & Poller.READ) != 0 && !released) read();
        } catch (IOException e) {
            session.close(CloseReason.IO_ERROR); // the peer reset or vanished: nothing to answer
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", t);
            session.close(CloseReason.IO_ERROR);
        }
        settle(); // writes too, when the socket became writable
    }

    private void read() throws IOException {
        if (session.phase() == ProtocolSession.Phase.LINGER) {
            discardInput();
            return;
        }
        ByteBuffer buffer = inbound.forRead();
        int n = channel.read(buffer);
        buffer.flip();
        if (n < 0) {
            inbound.clear();
            session.inputClosed();
            return;
        }
        session.received(buffer);
        inbound.keep(buffer);
    }

    /** Lingering: what the peer still sends is read and dropped until it closes (or the deadline). */
    private void discardInput() throws IOException {
        ByteBuffer sink = loop.readBuffer;
        for (int i = 0; i < LINGER_READS_PER_EVENT; i++) {
            int n = channel.read(sink.clear());
            if (n < 0) {
                session.inputClosed();
                return;
            }
            if (n == 0) return;
        }
    }

    /**
     * After every event: writes what the session queued, offers input it held back once it wants it, then
     * sets the reading interest, the timer, or ends the connection, as the session's phase says.
     */
    private void settle() {
        if (released) return;
        try {
            while (true) {
                long written = out.hasPending() ? out.flush(channel) : 0;
                if (pump != null) pump.outputDrained(out.pendingBytes());
                session.flushed(written);
                // What the session wrote as the last went out (HTTP/2's next frames, TLS records) is written too:
                // the staging buffer is the loop's, and must be empty before another connection's event.
                if (out.hasStaged()) continue;
                if (session.phase() != ProtocolSession.Phase.OPEN || !inbound.hasLeftover() || !session.holdsInput()
                        || !session.wantsInput()) break;
                ByteBuffer leftover = inbound.leftover();
                session.received(leftover);
                inbound.keep(leftover);
            }
            switch (session.phase()) {
                case OPEN -> {
                    registration.interest((session.wantsInput() ? Poller.READ : 0) | (out.hasPending() ? Poller.WRITE : 0));
                    armTimer();
                }
                case LINGER -> {
                    if (!outputShut) {
                        outputShut = true;
                        inbound.clear();
                        channel.shutdownOutput();
                    }
                    registration.interest(Poller.READ);
                    armTimer();
                }
                case CLOSED -> release();
            }
        } catch (IOException e) {
            session.close(CloseReason.IO_ERROR);
            release();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", t);
            session.close(CloseReason.IO_ERROR);
            release();
        }
    }

    /** Keeps one timer at or before the session's deadline; moving a deadline later costs nothing. */
    private void armTimer() {
        long deadline = session.deadline();
        if (deadline == ProtocolSession.NO_DEADLINE
                || (timer != null && !timer.isCancelled() && timerDeadline <= deadline)) return;
        if (timer != null) timer.cancel();
        timerDeadline = deadline;
        timer = loop.scheduleAt(deadline, this::onTimer);
    }

    private void onTimer() {
        timer = null;
        timerDeadline = ProtocolSession.NO_DEADLINE;
        if (released) return;
        try {
            session.timerFired();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "connection failed", t);
            session.close(CloseReason.IO_ERROR);
        }
        settle(); // re-arms at the deadline that applies now
    }

    /** Graceful stop (loop thread): the session decides what draining means for it. */
    void drain() {
        if (released) return;
        session.drain();
        settle();
    }

    /** Closes now (loop thread), counted under the reason already decided, or else {@code reason}. */
    void close(CloseReason reason) {
        if (released) return;
        session.close(reason);
        settle();
    }

    private void release() {
        if (released) return;
        released = true;
        if (timer != null) timer.cancel();
        if (registration != null) registration.cancel();
        try {
            // A client that stopped reading would leave its unsent bytes queued in the kernel after a plain
            // close (an orphan socket, megabytes each): reset instead, like nginx's reset_timedout_connection.
            if (session.closeReason() == CloseReason.WRITE_TIMEOUT) channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (IOException ignored) {
            // the descriptor is released either way
        }
        out.discard();
        inbound.clear();
        if (pump != null) pump.cancel();
        registry.remove(this);
        loop.connections.decrementAndGet();
    }

    // ---- TransportLink -------------------------------------------------------------------------------

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            try {
                task.run(); // even once released: a late response must still release its file or stream
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "connection task failed", t);
                session.close(CloseReason.IO_ERROR);
            }
            settle();
        });
    }

    @Override
    public boolean acceptsLateResponses() {
        return true;
    }

    @Override
    public long now() {
        return loop.now();
    }

    @Override
    public StreamSource pump(ResponseBody.Stream body, StreamSink sink) {
        StreamPump started = new StreamPump(this, body, sink, virtualThreads);
        pump = started;
        started.start();
        return started;
    }

    /** The pump finished or was cancelled: credits no longer matter. Loop thread. */
    void pumpDone(StreamPump finished) {
        if (pump == finished) pump = null;
    }

    @Override
    public OutboundBuffer newOutboundBuffer() {
        return new OutboundBuffer(loop.layerStaging);
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

    EventLoop loop() {
        return loop;
    }
}
