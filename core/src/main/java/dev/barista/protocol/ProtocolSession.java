package dev.barista.protocol;

import dev.barista.server.CloseReason;

import java.nio.ByteBuffer;

/**
 * A connection's protocol, written with no I/O, as a transport drives it: bytes in ({@link #received}), bytes
 * out (into the {@link OutboundBuffer} it was given), and after every event what to do next ({@link #phase},
 * {@link #wantsInput}, {@link #deadline}). HTTP/1.1, HTTP/2 and the TLS layer under either are sessions;
 * a transport drives whichever it holds the same way, and never learns which.
 *
 * <p>Confined to one thread at a time (an event loop, or the connection's own thread); other threads reach it
 * through {@link TransportLink#execute}.
 */
public interface ProtocolSession {
    long NO_DEADLINE = Long.MAX_VALUE;

    /** What the transport does with its connection now. */
    enum Phase {
        /** Serving: read while {@link #wantsInput()}, write what is pending. */
        OPEN,
        /** Everything is written: shut the output (once), then read and discard until the end of input or the deadline. */
        LINGER,
        /** Release the connection. */
        CLOSED
    }

    Phase phase();

    /** Whether to read (and to offer input held back before). */
    boolean wantsInput();

    /**
     * Whether the last {@link #received} stopped before the end of its input for flow control: the transport
     * offers that input again once {@link #wantsInput()}, without waiting for more bytes.
     */
    boolean holdsInput();

    /** Between requests with nothing received, queued or unsent: the connection may be closed quietly. */
    boolean isIdle();

    /** The instant ({@link TransportLink#now()} scale) the next timeout falls due, or {@link #NO_DEADLINE}. */
    long deadline();

    /** Why the connection ends, once decided; else null. */
    CloseReason closeReason();

    /** Bytes arrived, from {@code in}'s position to its limit; what the session cannot take yet stays there. */
    void received(ByteBuffer in);

    /** The peer ended its input. */
    void inputClosed();

    /** The transport wrote {@code written} bytes of the session's output (possibly zero). */
    void flushed(long written);

    /** The deadline the transport armed may have passed. */
    void timerFired();

    /** Graceful stop: finish what is under way, take nothing new, close. */
    void drain();

    /** Closes now, counted under the reason already decided, or else {@code reason}. */
    void close(CloseReason reason);
}
