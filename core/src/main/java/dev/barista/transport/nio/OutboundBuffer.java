package dev.barista.transport.nio;

import dev.barista.http.ResponseBody;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A connection's unsent bytes, in order.
 *
 * <p>Responses are first encoded into the loop's shared direct staging buffer, and a flush writes it with one
 * system call: pipelined responses go out in one write, and a connection whose peer keeps up never owns a
 * buffer. Only bytes the socket did not take are copied into buffers of the connection's own ({@code pending}),
 * to be written when the channel becomes writable. Large bodies and file regions join {@code pending} without
 * being copied. Loop thread only; the staging buffer is empty between flushes.
 */
final class OutboundBuffer {
    /** Bodies up to this size are copied next to their head; larger ones are written from where they are. */
    static final int COPY_THRESHOLD = 8 * 1024;
    private static final int MAX_GATHER = 64;

    private final ByteBuffer staging;
    /** ByteBuffers (read mode) and FileRegions owned by this connection, oldest first. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private long pendingBytes;

    OutboundBuffer(ByteBuffer staging) {
        this.staging = staging;
    }

    /** The staging buffer, in write mode, to encode into. Must be flushed before the loop turn moves on. */
    ByteBuffer staging() {
        return staging;
    }

    /** Appends bytes after everything already queued. */
    void append(byte[] array, int offset, int count) {
        if (count <= COPY_THRESHOLD && count <= staging.remaining()) {
            staging.put(array, offset, count);
            return;
        }
        sealStaging();
        ByteBuffer body = ByteBuffer.wrap(array, offset, count);
        pending.add(body);
        pendingBytes += count;
    }

    void append(ResponseBody.FileRegion region) {
        sealStaging();
        pending.add(new FileSegment(region));
        pendingBytes += region.count();
    }

    boolean hasPending() {
        return !pending.isEmpty() || staging.position() > 0;
    }

    long pendingBytes() {
        return pendingBytes + staging.position();
    }

    /**
     * Writes as much as the socket takes. Afterwards the staging buffer is empty; what was not written is
     * held in {@code pending}. Returns the number of bytes written.
     */
    long flush(SocketChannel channel) throws IOException {
        long written = 0;
        if (pending.isEmpty() && staging.position() > 0) {
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
        return written + writePending(channel);
    }

    /** Drops everything unsent (the connection is closing), releasing files. */
    void discard() {
        for (Object segment : pending) {
            if (segment instanceof FileSegment file) file.close();
        }
        pending.clear();
        pendingBytes = 0;
        staging.clear();
    }

    /** Moves staged bytes into a buffer of this connection's own, so later segments can queue behind them. */
    private void sealStaging() {
        if (staging.position() == 0) return;
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

    private long writePending(SocketChannel channel) throws IOException {
        long written = 0;
        while (!pending.isEmpty()) {
            Object head = pending.peek();
            if (head instanceof FileSegment file) {
                long n = file.transferTo(channel);
                written += n;
                pendingBytes -= n;
                if (!file.done()) return written;
                file.close();
                pending.poll();
                continue;
            }
            int count = 0;
            for (Object segment : pending) {
                if (!(segment instanceof ByteBuffer buffer) || count == MAX_GATHER) break;
                gather[count++] = buffer;
            }
            long n = channel.write(gather, 0, count);
            boolean socketFull = gather[count - 1].hasRemaining();
            Arrays.fill(gather, 0, count, null);
            written += n;
            pendingBytes -= n;
            while (!pending.isEmpty() && pending.peek() instanceof ByteBuffer b && !b.hasRemaining()) pending.poll();
            if (socketFull) return written;
        }
        return written;
    }

    /** A file region being sent with sendfile. */
    private static final class FileSegment {
        private final ResponseBody.FileRegion region;
        private long sent;

        FileSegment(ResponseBody.FileRegion region) {
            this.region = region;
        }

        long transferTo(SocketChannel channel) throws IOException {
            long total = 0;
            while (sent < region.count()) {
                long n = region.channel().transferTo(region.position() + sent, region.count() - sent, channel);
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
