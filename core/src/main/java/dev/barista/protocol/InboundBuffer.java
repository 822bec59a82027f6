package dev.barista.protocol;

import java.nio.ByteBuffer;

/**
 * A connection's received but not yet parsed bytes. While a connection has nothing left over it reads into
 * its loop's shared buffer; only what the parser leaves (a partial message, or requests held back) is copied
 * into a buffer of the connection's own, which grows when full and is dropped once drained. So an idle
 * connection holds no buffer. Loop thread only (the shared buffer serves one connection at a time).
 */
public final class InboundBuffer {
    private final ByteBuffer shared;
    private final int minimumOwn;
    /** Leftover bytes in read mode, or null when there are none. */
    private ByteBuffer own;

    public InboundBuffer(ByteBuffer shared, int minimumOwn) {
        this.shared = shared;
        this.minimumOwn = minimumOwn;
    }

    /** The buffer to read into, in write mode: the leftovers' own buffer (compacted, grown if full), else the shared one. */
    public ByteBuffer forRead() {
        if (own == null) return shared.clear();
        own.compact();
        if (!own.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocate(own.capacity() * 2);
            own.flip();
            larger.put(own);
            own = larger;
        }
        return own;
    }

    /** After parsing {@code processed} (read mode): keeps what is left, copying it off the shared buffer. */
    public void keep(ByteBuffer processed) {
        if (!processed.hasRemaining()) {
            own = null;
        } else if (processed == shared) {
            ByteBuffer copy = ByteBuffer.allocate(Math.max(minimumOwn, Integer.highestOneBit(processed.remaining()) << 1));
            copy.put(processed).flip();
            own = copy;
        }
    }

    /** Whether unparsed bytes are held. */
    public boolean hasLeftover() {
        return own != null && own.hasRemaining();
    }

    /** The unparsed bytes, in read mode; only meaningful when {@link #hasLeftover()}. */
    public ByteBuffer leftover() {
        return own;
    }

    /** Forgets the leftovers (the connection ends, or no more input will be parsed). */
    public void clear() {
        own = null;
    }
}
