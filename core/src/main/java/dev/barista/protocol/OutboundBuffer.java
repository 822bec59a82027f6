package dev.barista.protocol;

import dev.barista.http.ResponseBody;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connection's unsent bytes, in order: what a protocol session encodes, and what its transport writes.
 *
 * <p>Small writes are encoded into a staging buffer and a flush writes it with one system call, so pipelined
 * responses leave in one write. On an event loop the staging buffer is the loop's, shared by its connections
 * one at a time, and a connection whose peer keeps up never owns a buffer: only bytes the socket did not take
 * are copied into buffers of the connection's own ({@code pending}). Large bodies and file regions join
 * {@code pending} without being copied. One thread at a time (the session's); an event loop's staging buffer
 * must be flushed before the loop moves to another connection.
 */
public final class OutboundBuffer {
    /** Bodies up to this size are copied next to their head; larger ones are written from where they are. */
    public static final int COPY_THRESHOLD = 8 * 1024;
    private static final int MAX_GATHER = 64;
    /** The most one gathering write carries (see {@link #writePending}). */
    private static final long PER_WRITE = 256 * 1024;

    /** The staging buffer, or null until first use when it is the connection's own (allocated lazily). */
    private ByteBuffer staging;
    private final int ownStagingSize;
    /** ByteBuffers (read mode) and file segments owned by this connection, oldest first. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ByteBuffer[] gather;
    private long pendingBytes;

    /** Encodes into a staging buffer shared with other connections of one thread (an event loop's). */
    public OutboundBuffer(ByteBuffer sharedStaging) {
        this.staging = sharedStaging;
        this.ownStagingSize = 0;
    }

    /** Encodes into a staging buffer of its own, of this size, allocated on first use. */
    public OutboundBuffer(int ownStagingSize) {
        this.ownStagingSize = ownStagingSize;
    }

    /**
     * The staging buffer, in write mode, with at least {@code needed} bytes of room if its capacity allows:
     * what is staged already moves to {@code pending} to make room (no I/O).
     */
    public ByteBuffer staging(int needed) {
        ByteBuffer s = staging();
        if (s.remaining() < needed && s.position() > 0) sealStaging();
        return s;
    }

    public ByteBuffer staging() {
        if (staging == null) staging = ByteBuffer.allocate(ownStagingSize);
        return staging;
    }

    /** Moves what is staged behind the rest, so that the staging buffer is empty (no I/O). */
    public void spill() {
        sealStaging();
    }

    /** Appends bytes after everything already queued. The array must not change until written. */
    public void append(byte[] array, int offset, int count) {
        ByteBuffer s = staging();
        if (count <= COPY_THRESHOLD && count <= s.remaining()) {
            s.put(array, offset, count);
            return;
        }
        sealStaging();
        pending.add(ByteBuffer.wrap(array, offset, count));
        pendingBytes += count;
    }

    public void append(ResponseBody.FileRegion region) {
        sealStaging();
        pending.add(new FileSegment(region));
        pendingBytes += region.count();
    }

    /**
     * Appends a copy of {@code source}'s remaining bytes (which the caller may then reuse): into the staging
     * buffer when they fit, else into a buffer of this connection's own.
     */
    public void appendCopy(ByteBuffer source) {
        ByteBuffer s = staging(source.remaining());
        if (source.remaining() <= s.remaining()) {
            s.put(source);
            return;
        }
        sealStaging();
        pending.add(copy(source));
    }

    /**
     * Moves unsent bytes, oldest first, into {@code dst} until it is full or nothing is left (reading file
     * regions as it goes), for a layer that transforms them before they are written (TLS). Returns the count.
     */
    public int moveTo(ByteBuffer dst) throws IOException {
        sealStaging();
        int moved = 0;
        while (dst.hasRemaining() && !pending.isEmpty()) {
            Object head = pending.peek();
            int n;
            if (head instanceof FileSegment file) {
                n = file.readInto(dst);
                if (file.done()) {
                    file.close();
                    pending.poll();
                }
            } else {
                ByteBuffer buffer = (ByteBuffer) head;
                n = Math.min(buffer.remaining(), dst.remaining());
                dst.put(dst.position(), buffer, buffer.position(), n).position(dst.position() + n);
                buffer.position(buffer.position() + n);
                if (!buffer.hasRemaining()) pending.poll();
            }
            pendingBytes -= n;
            moved += n;
        }
        return moved;
    }

    /** Whether bytes wait in the staging buffer (which, on an event loop, must be emptied before the event ends). */
    public boolean hasStaged() {
        return staging != null && staging.position() > 0;
    }

    public boolean hasPending() {
        return !pending.isEmpty() || (staging != null && staging.position() > 0);
    }

    public long pendingBytes() {
        return pendingBytes + (staging == null ? 0 : staging.position());
    }

    /**
     * Writes as much as the socket takes (on a non-blocking channel) or everything (on a blocking one).
     * Afterwards the staging buffer is empty; what was not written is held in {@code pending}. Returns the
     * number of bytes written.
     */
    public long flush(SocketChannel channel) throws IOException {
        long written = 0;
        if (pending.isEmpty() && staging != null && staging.position() > 0) {
            staging.flip();
            while (staging.hasRemaining()) {
                int n = channel.write(staging);
                if (n <= 0) break;
                written += n;
            }
            if (staging.hasRemaining()) pending.add(copy(staging));
            staging.clear();
            return written;
        }
        sealStaging();
        return written + writePending(channel, Long.MAX_VALUE);
    }

    /**
     * Writes everything on a blocking channel. A file region whose {@code transferTo} answers 0 (on a virtual
     * thread the socket is non-blocking underneath, and transferTo does not wait for room) is copied through
     * a buffer with a plain write, which does wait.
     */
    public void flushFully(SocketChannel channel) throws IOException {
        flushFully(channel, Long.MAX_VALUE, written -> { });
    }

    /**
     * As {@link #flushFully(SocketChannel)}, at most {@code slice} bytes per write call, telling
     * {@code progress} after each: a blocking write shows no progress until it returns, so a caller that
     * holds a slow reader to a minimum rate writes in slices.
     */
    public void flushFully(SocketChannel channel, long slice, java.util.function.LongConsumer progress)
            throws IOException {
        sealStaging();
        while (hasPending()) {
            long n = writePending(channel, slice);
            if (n == 0 && pending.peek() instanceof FileSegment file) n = file.copyChunk(channel);
            progress.accept(n);
        }
    }

    /** Drops everything unsent (the connection is closing), releasing files. */
    public void discard() {
        for (Object segment : pending) {
            if (segment instanceof FileSegment file) file.close();
        }
        pending.clear();
        pendingBytes = 0;
        if (staging != null) staging.clear();
    }

    /** Moves staged bytes into a buffer of this connection's own, so later segments can queue behind them. */
    private void sealStaging() {
        if (staging == null || staging.position() == 0) return;
        staging.flip();
        pending.add(copy(staging));
        staging.clear();
    }

    private ByteBuffer copy(ByteBuffer source) {
        ByteBuffer own = ByteBuffer.allocate(source.remaining());
        own.put(source).flip();
        pendingBytes += own.remaining();
        return own;
    }

    /** Writes pending segments in order, at most {@code max} bytes, until the socket takes no more. */
    private long writePending(SocketChannel channel, long max) throws IOException {
        long written = 0;
        while (!pending.isEmpty() && written < max) {
            Object head = pending.peek();
            if (head instanceof FileSegment file) {
                long n = file.transferTo(channel, max - written);
                written += n;
                pendingBytes -= n;
                if (!file.done()) return written;
                file.close();
                pending.poll();
                continue;
            }
            if (gather == null) gather = new ByteBuffer[MAX_GATHER];
            int count = 0;
            // At most PER_WRITE bytes per call: the JDK copies every byte of the heap buffers it is given into
            // temporary direct memory before the write, however few the socket then takes.
            long room = Math.min(max - written, PER_WRITE);
            int cutLimit = -1; // the original limit of a buffer shortened to fit max, restored after the write
            for (Object segment : pending) {
                if (!(segment instanceof ByteBuffer buffer) || count == MAX_GATHER || room == 0) break;
                gather[count++] = buffer;
                if (buffer.remaining() > room) {
                    cutLimit = buffer.limit();
                    buffer.limit(buffer.position() + (int) room);
                    room = 0;
                } else {
                    room -= buffer.remaining();
                }
            }
            long n = channel.write(gather, 0, count);
            boolean socketFull = gather[count - 1].hasRemaining(); // before its limit is restored
            if (cutLimit >= 0) gather[count - 1].limit(cutLimit);
            Arrays.fill(gather, 0, count, null);
            written += n;
            pendingBytes -= n;
            while (!pending.isEmpty() && pending.peek() instanceof ByteBuffer b && !b.hasRemaining()) pending.poll();
            if (socketFull) return written;
        }
        return written;
    }

    /** A file region being sent with sendfile. */
    private final class FileSegment {
        private final ResponseBody.FileRegion region;
        private long sent;

        FileSegment(ResponseBody.FileRegion region) {
            this.region = region;
        }

        long transferTo(SocketChannel channel, long max) throws IOException {
            long total = 0;
            while (sent < region.count() && total < max) {
                long n = region.channel().transferTo(region.position() + sent,
                        Math.min(region.count() - sent, max - total), channel);
                if (n <= 0) {
                    if (region.position() + sent >= region.channel().size()) {
                        throw new IOException("file shrank while being sent");
                    }
                    break;
                }
                sent += n;
                total += n;
            }
            return total;
        }

        long copyChunk(SocketChannel channel) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(64 * 1024, region.count() - sent));
            int read = region.channel().read(buffer, region.position() + sent);
            if (read <= 0) throw new IOException("file shrank while being sent");
            buffer.flip();
            while (buffer.hasRemaining()) channel.write(buffer);
            sent += read;
            pendingBytes -= read;
            if (done()) {
                close();
                pending.poll();
            }
            return read;
        }

        int readInto(ByteBuffer dst) throws IOException {
            int room = (int) Math.min(dst.remaining(), region.count() - sent);
            int limit = dst.limit();
            dst.limit(dst.position() + room);
            int read;
            try {
                read = region.channel().read(dst, region.position() + sent);
            } finally {
                dst.limit(limit);
            }
            if (read <= 0) throw new IOException("file shrank while being sent");
            sent += read;
            return read;
        }

        boolean done() {
            return sent >= region.count();
        }

        void close() {
            try {
                region.channel().close();
            } catch (IOException ignored) {
                // the file was only read; nothing to recover
            }
        }
    }
}
