package dev.barista.transport.tls;

import dev.barista.http.ResponseBody;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.ProtocolSession;
import dev.barista.protocol.SessionFactory;
import dev.barista.protocol.ForwardingLink;
import dev.barista.protocol.TransportLink;
import dev.barista.handler.ConnectionInfo;
import dev.barista.runtime.ServerContext;
import dev.barista.server.CloseReason;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * TLS between the transport's bytes and the protocol session, with no I/O of its own: ciphertext in
 * ({@link #received}), plaintext to the inner session, the inner session's plaintext output encrypted into the
 * transport's output. Until the handshake ends there is no inner session; then ALPN picks it (HTTP/2 for
 * {@code h2}, else HTTP/1.1). To the transport it is one more {@link ProtocolSession}; to the session inside,
 * one more {@link TransportLink}, whose {@link TransportLink#secure()} is true.
 *
 * <p>Handshake computations (the SSLEngine's delegated tasks: signatures, key agreement) run off an event loop,
 * on a virtual thread, and the handshake resumes on the session's thread; a blocking transport runs them inline.
 *
 * <p>Confined to the connection's thread, like the session it wraps.
 */
public final class TlsSession implements ProtocolSession {
    private static final System.Logger LOG = System.getLogger(TlsSession.class.getName());
    /** Plaintext is encrypted only while the ciphertext waiting for the socket stays below this (backpressure). */
    private static final int CIPHER_HIGH_WATER = 128 * 1024;
    /** Per-thread buffers for one record in and one out (an event loop's connections share its pair). */
    private static final ThreadLocal<RecordBuffers> BUFFERS = ThreadLocal.withInitial(RecordBuffers::new);

    private final ServerContext context;
    private final SSLEngine engine;
    private final TransportLink link;
    private final OutboundBuffer cipherOut;
    private final OutboundBuffer plainOut;
    private final SessionFactory http1;
    private final SessionFactory http2;
    private final InnerLink innerLink;
    private final long handshakeDeadline;
    private final long writeTimeoutNanos;

    /** The protocol spoken inside, once the handshake chose it. */
    private ProtocolSession inner;
    /** Decrypted input the inner session has not taken yet (read mode), or null. */
    private ByteBuffer plainLeft;
    /** The inner session left {@link #plainLeft} for flow control (not because it is an incomplete message). */
    private boolean plainHeld;
    /**
     * Ciphertext was left in the transport's buffer because the inner session held input back: the transport
     * must offer it again once the inner session wants input, not wait for more bytes (which may never come).
     */
    private boolean cipherHeld;
    /** The handshake stopped before the end of its input while its tasks were away: offer it again after. */
    private boolean handshakeHeld;
    private boolean handshaking = true;
    /** Delegated handshake tasks are running on another thread: nothing to do until they are back. */
    private boolean tasksAway;
    private boolean closeNotifyQueued;
    /** Closed at the TLS level (a failed handshake, or the end after the inner session's): counted once. */
    private boolean closed;
    private CloseReason closeReason;
    /** The plaintext encrypted since the inner session was last told what was written. */
    private long plainMoved;
    /** When ciphertext last left (or began to wait), for the write timeout of what the inner session no longer sees. */
    private long cipherProgressNanos;
    /** Bytes counted in the server's memory budget: ciphertext waiting for the socket, plaintext left over. */
    private long counted;

    public TlsSession(ServerContext context, SSLEngine engine, Duration handshakeTimeout, TransportLink link,
                      OutboundBuffer cipherOut, SessionFactory http1, SessionFactory http2) {
        this.context = context;
        this.engine = engine;
        this.link = link;
        this.innerLink = new InnerLink();
        this.cipherOut = cipherOut;
        this.plainOut = link.newOutboundBuffer();
        this.http1 = http1;
        this.http2 = http2;
        this.handshakeDeadline = link.now() + handshakeTimeout.toNanos();
        this.writeTimeoutNanos = context.config().timeouts().write().toNanos();
        this.cipherProgressNanos = link.now();
        try {
            engine.beginHandshake(); // else it says NOT_HANDSHAKING until its first unwrap
        } catch (SSLException e) {
            failed(e);
        }
    }

    // ---- what the transport does next ----------------------------------------------------------------

    @Override
    public Phase phase() {
        if (closed) return Phase.CLOSED;
        if (inner == null) return Phase.OPEN;
        Phase phase = inner.phase();
        if (phase == Phase.OPEN) return Phase.OPEN;
        if (cipherOut.hasPending() && !abrupt(inner.closeReason())) return Phase.OPEN; // the last records first
        return phase;
    }

    @Override
    public boolean wantsInput() {
        if (closed) return false;
        if (inner == null) return !tasksAway;
        return inner.wantsInput() || inner.phase() == Phase.LINGER;
    }

    @Override
    public boolean holdsInput() {
        return inner == null ? handshakeHeld && !tasksAway : plainHeld || cipherHeld || inner.holdsInput();
    }

    @Override
    public boolean isIdle() {
        return inner != null && plainLeft == null && !cipherOut.hasPending() && inner.isIdle();
    }

    @Override
    public long deadline() {
        if (closed) return NO_DEADLINE;
        if (inner == null) return handshakeDeadline;
        long deadline = inner.deadline();
        if (cipherOut.hasPending()) deadline = Math.min(deadline, cipherProgressNanos + writeTimeoutNanos);
        return deadline;
    }

    @Override
    public CloseReason closeReason() {
        return inner != null && inner.closeReason() != null ? inner.closeReason() : closeReason;
    }

    // ---- events from the transport -------------------------------------------------------------------

    @Override
    public void received(ByteBuffer in) {
        if (closed) {
            in.position(in.limit());
            return;
        }
        cipherHeld = false;
        try {
            if (handshaking) handshake(in);
            if (!handshaking && !closed) readApplicationData(in);
        } catch (SSLException e) {
            failed(e);
            in.position(in.limit());
        }
        afterEvent();
    }

    @Override
    public void inputClosed() {
        if (closed) return;
        if (inner == null) {
            end(CloseReason.HANDSHAKE_FAILED);
            return;
        }
        inner.inputClosed();
        afterEvent();
    }

    @Override
    public void flushed(long written) {
        if (closed) return;
        long now = link.now();
        if (written > 0 || !cipherOut.hasPending()) cipherProgressNanos = now;
        if (inner == null) {
            afterEvent();
            return;
        }
        encrypt();
        long moved = plainMoved;
        plainMoved = 0;
        inner.flushed(moved);
        if (plainHeld && inner.wantsInput()) offerPlaintext(); // input it held before: take it now
        afterEvent();
    }

    @Override
    public void timerFired() {
        if (closed) return;
        long now = link.now();
        if (inner == null) {
            if (now - handshakeDeadline >= 0) {
                context.stats().timeouts.increment();
                end(CloseReason.HANDSHAKE_FAILED);
            }
            return;
        }
        if (cipherOut.hasPending() && now - (cipherProgressNanos + writeTimeoutNanos) >= 0) {
            context.stats().timeouts.increment();
            inner.close(CloseReason.WRITE_TIMEOUT);
        } else {
            inner.timerFired();
        }
        afterEvent();
    }

    @Override
    public void drain() {
        if (closed) return;
        if (inner == null) {
            end(CloseReason.SERVER_STOP);
            return;
        }
        inner.drain();
        afterEvent();
    }

    @Override
    public void close(CloseReason reason) {
        if (closed) return;
        if (inner == null) {
            end(reason);
            return;
        }
        inner.close(reason);
        afterEvent();
    }

    // ---- the handshake ---------------------------------------------------------------------------------

    private void handshake(ByteBuffer in) throws SSLException {
        handshakeHeld = false;
        while (handshaking && !tasksAway && !closed) {
            switch (engine.getHandshakeStatus()) {
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    ByteBuffer scratch = BUFFERS.get().plain();
                    SSLEngineResult r = engine.unwrap(in, scratch);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) return; // the rest of a record
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        end(CloseReason.HANDSHAKE_FAILED);
                        return;
                    }
                    if (scratch.position() > 0) keepPlaintext(scratch.flip()); // data right behind the Finished
                }
                case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                case NEED_TASK -> {
                    runTasks();
                    handshakeHeld = tasksAway && in.hasRemaining();
                }
                case FINISHED, NOT_HANDSHAKING -> handshakeDone();
            }
        }
    }

    /** The engine's delegated work: off an event loop during the handshake (it may take a millisecond of CPU). */
    private void runTasks() {
        // After the handshake (a session ticket, a key update) the work is small, and the engine must not be
        // wrapped or unwrapped while it is under way: inline.
        if (!link.acceptsLateResponses() || !handshaking) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) task.run();
            return;
        }
        tasksAway = true;
        Thread.ofVirtual().name("barista-tls-task").start(() -> {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) task.run();
            try {
                link.execute(this::tasksDone);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the transport is gone; nothing to resume
            }
        });
    }

    private void tasksDone() {
        tasksAway = false;
        if (closed) return;
        try {
            handshake(ByteBuffer.allocate(0));
            if (!handshaking && !closed && plainLeft != null) offerPlaintext(); // data that came with the Finished
        } catch (SSLException e) {
            failed(e);
        }
        afterEvent();
    }

    private void handshakeDone() {
        handshaking = false;
        String protocol = engine.getApplicationProtocol();
        inner = ("h2".equals(protocol) ? http2 : http1).open(innerLink, plainOut);
    }

    private void failed(SSLException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS failed with " + link.remoteAddress() + ": " + e.getMessage());
        if (handshaking) {
            context.stats().badRequests.increment();
            try {
                wrap(ByteBuffer.allocate(0)); // the alert that says why, if the engine has one
            } catch (SSLException ignored) {
                // no alert then
            }
            end(CloseReason.HANDSHAKE_FAILED);
        } else if (inner != null) {
            inner.close(CloseReason.PROTOCOL_ERROR);
        }
    }

    // ---- application data ------------------------------------------------------------------------------

    private void readApplicationData(ByteBuffer in) throws SSLException {
        if (plainLeft != null && !offerPlaintext()) { // the inner session still holds back what it has
            cipherHeld = in.hasRemaining();
            return;
        }
        while (in.hasRemaining() && !closed && inner.phase() == Phase.OPEN) {
            ByteBuffer scratch = BUFFERS.get().plain();
            SSLEngineResult r = engine.unwrap(in, scratch);
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return;
                }
                case CLOSED -> { // the peer's close_notify: its input ended
                    in.position(in.limit());
                    inner.inputClosed();
                    return;
                }
                case BUFFER_OVERFLOW -> throw new SSLException("record larger than the engine's application buffer");
                case OK -> { }
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) wrap(ByteBuffer.allocate(0)); // key update
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) runTasks();
            if (scratch.position() == 0) continue;
            keepPlaintext(scratch.flip());
            if (!offerPlaintext()) {
                cipherHeld = in.hasRemaining();
                return;
            }
        }
        if (inner.phase() != Phase.OPEN) in.position(in.limit()); // lingering: the rest is discarded
    }

    /** Keeps decrypted bytes (read mode) off the shared buffer, after any already kept. */
    private void keepPlaintext(ByteBuffer decrypted) {
        if (plainLeft == null || !plainLeft.hasRemaining()) {
            plainLeft = ByteBuffer.allocate(Math.max(4096, decrypted.remaining())).put(decrypted).flip();
            return;
        }
        ByteBuffer joined = ByteBuffer.allocate(plainLeft.remaining() + decrypted.remaining());
        joined.put(plainLeft).put(decrypted).flip();
        plainLeft = joined;
    }

    /**
     * Gives the inner session the decrypted bytes it has not taken. False when it holds some back for flow
     * control (offered again from {@link #flushed} once it wants input); what is left of an incomplete message
     * stays for the bytes that complete it.
     */
    private boolean offerPlaintext() {
        inner.received(plainLeft);
        plainHeld = false;
        if (!plainLeft.hasRemaining() || inner.phase() != Phase.OPEN) {
            plainLeft = null;
            return true;
        }
        plainHeld = inner.holdsInput();
        return !plainHeld;
    }

    // ---- output ----------------------------------------------------------------------------------------

    /** After every event: encrypt what the inner session wrote, close_notify once it is done, keep no shared staging. */
    private void afterEvent() {
        if (closed) return;
        if (inner != null) {
            encrypt();
            Phase phase = inner.phase();
            if (phase != Phase.OPEN && !closeNotifyQueued && !abrupt(inner.closeReason())) {
                closeNotifyQueued = true;
                engine.closeOutbound();
                try {
                    wrap(ByteBuffer.allocate(0));
                } catch (SSLException ignored) {
                    // closing anyway
                }
            }
            if (phase == Phase.CLOSED && (!cipherOut.hasPending() || abrupt(inner.closeReason()))) {
                closed = true;
                plainLeft = null;
                plainOut.discard();
                releaseCounted(); // and nothing counted again: what the transport still holds goes with it
                return;
            }
        }
        plainOut.spill(); // its staging buffer is the thread's, shared by other connections
        // The budget holds the ciphertext waiting for the socket and the plaintext the inner session left.
        long held = cipherOut.pendingBytes() + (plainLeft == null ? 0 : plainLeft.capacity());
        context.memory().add(held - counted);
        counted = held;
    }

    /** Encrypts the inner session's output while the ciphertext waiting for the socket stays below its mark. */
    private void encrypt() {
        if (!plainOut.hasPending() || closeNotifyQueued) return;
        ByteBuffer chunk = BUFFERS.get().chunk();
        try {
            while (plainOut.hasPending() && cipherOut.pendingBytes() < CIPHER_HIGH_WATER) {
                chunk.clear();
                plainMoved += plainOut.moveTo(chunk);
                chunk.flip();
                while (chunk.hasRemaining()) wrap(chunk);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "TLS output failed: " + e.getMessage());
            inner.close(CloseReason.IO_ERROR);
        }
    }

    /** One wrap (a record, or handshake / alert bytes when {@code source} is empty) into the transport's output. */
    private void wrap(ByteBuffer source) throws SSLException {
        ByteBuffer record = BUFFERS.get().record();
        do {
            record.clear();
            SSLEngineResult r = engine.wrap(source, record);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                throw new SSLException("record larger than the engine's packet buffer");
            }
            record.flip();
            if (record.hasRemaining()) cipherOut.appendCopy(record);
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK && !handshaking) runTasks();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED || r.bytesProduced() == 0) return;
        } while (!source.hasRemaining() && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP);
    }

    /** Closes at the TLS level, before (or without) an inner session: counted here. */
    private void end(CloseReason reason) {
        if (closed) return;
        closed = true;
        closeReason = reason;
        plainLeft = null;
        plainOut.discard();
        engine.closeOutbound();
        releaseCounted();
        context.connectionClosed(reason);
    }

    private void releaseCounted() {
        context.memory().add(-counted);
        counted = 0;
    }

    /** A close after which no more bytes are worth sending. */
    private static boolean abrupt(CloseReason reason) {
        return reason == CloseReason.IO_ERROR || reason == CloseReason.WRITE_TIMEOUT;
    }

    /** The record-sized buffers of one thread: decrypted input, plaintext to encrypt, and one encrypted record. */
    private record RecordBuffers(ByteBuffer plain, ByteBuffer chunk, ByteBuffer record) {
        /** Room for the largest record (16 KiB of plaintext plus TLS overhead), whatever the cipher suite. */
        private static final int RECORD = 16 * 1024 + 2048;

        RecordBuffers() {
            this(ByteBuffer.allocate(RECORD), ByteBuffer.allocate(16 * 1024), ByteBuffer.allocate(RECORD));
        }

        @Override
        public ByteBuffer plain() {
            return plain.clear();
        }
    }

    /** The transport as the inner session sees it: the same, except secure, and with TLS's own output buffer. */
    private final class InnerLink extends ForwardingLink {
        InnerLink() {
            super(TlsSession.this.link);
        }

        @Override
        public void execute(Runnable task) {
            link.execute(() -> {
                if (inner == null || closed) {
                    task.run(); // a late answer must still release what it holds
                    return;
                }
                task.run();
                afterEvent();
            });
        }

        @Override
        public StreamSource pump(ResponseBody.Stream body, StreamSink sink) {
            return link.pump(body, new StreamSink() {
                @Override
                public void chunk(StreamSource source, byte[] data, int length) {
                    sink.chunk(source, data, length);
                    afterEvent();
                }

                @Override
                public void end(StreamSource source, boolean complete) {
                    sink.end(source, complete);
                    afterEvent();
                }
            });
        }

        @Override
        public boolean secure() {
            return true;
        }

        @Override
        public ConnectionInfo connection() {
            ConnectionInfo outer = link.connection(); // a PROXY header's addresses, if one came before TLS
            return new ConnectionInfo(outer.remoteAddress(), outer.localAddress(), outer.peerAddress(), true);
        }

        @Override
        public void switchProtocol(ProtocolSession next) {
            inner = next;
        }
    }
}
