package dev.barista.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body streamed from the thread that reads the socket (an event loop) to the handler's thread,
 * bounded: once more than {@code highWater} bytes wait unread, {@link #offer} says so and the producer stops
 * reading the socket; when the handler has read it down below {@code lowWater}, the {@code resume} callback
 * runs (on the handler's thread) so the producer can hand the loop a task to read again.
 *
 * <p>Producer methods ({@link #offer}, {@link #finish}, {@link #fail}) are called by one thread; the
 * consumer side is the {@link InputStream} returned by {@link #stream()}, read by one thread. A lock, not
 * {@code synchronized}, so that a virtual-thread consumer parks without pinning its carrier.
 */
public final class BodyPipe {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final int highWater;
    private final int lowWater;
    private final Runnable resume;
    private final InputStream stream = new Stream();
    private int headOffset;
    private long queued;
    private boolean finished;
    private boolean abandoned;
    private boolean producerPaused;
    private IOException failure;

    public BodyPipe(int highWater, int lowWater, Runnable resume) {
        if (lowWater < 0 || highWater <= lowWater) throw new IllegalArgumentException("need 0 <= low < high");
        this.highWater = highWater;
        this.lowWater = lowWater;
        this.resume = resume;
    }

    /** The consumer's side. */
    public InputStream stream() {
        return stream;
    }

    /**
     * Copies a slice in. Returns true if the producer should stop reading until {@code resume} runs.
     * Slices offered after the consumer closed the stream are dropped.
     */
    public boolean offer(ByteBuffer slice) {
        lock.lock();
        try {
            if (abandoned || finished) {
                slice.position(slice.limit());
                return false;
            }
            byte[] copy = new byte[slice.remaining()];
            slice.get(copy);
            if (copy.length > 0) {
                chunks.add(copy);
                queued += copy.length;
                readable.signal();
            }
            if (queued > highWater) producerPaused = true;
            return producerPaused;
        } finally {
            lock.unlock();
        }
    }

    /** The body ended normally. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The body will never complete (the client vanished, a limit or timeout struck): readers get this. */
    public void fail(IOException cause) {
        lock.lock();
        try {
            if (!finished) failure = cause;
            finished = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True once the consumer closed the stream: the producer may discard the rest of the body. */
    public boolean abandoned() {
        lock.lock();
        try {
            return abandoned;
        } finally {
            lock.unlock();
        }
    }

    private final class Stream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            boolean wake = false;
            int n;
            lock.lock();
            try {
                while (chunks.isEmpty() && !finished && !abandoned) {
                    readable.awaitUninterruptibly();
                }
                if (chunks.isEmpty()) {
                    if (failure != null) throw new IOException("request body incomplete", failure);
                    return -1;
                }
                byte[] head = chunks.peek();
                n = Math.min(len, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off, n);
                headOffset += n;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
                queued -= n;
                if (producerPaused && queued < lowWater) {
                    producerPaused = false;
                    wake = true;
                }
            } finally {
                lock.unlock();
            }
            if (wake) resume.run(); // outside the lock: it hands a task to the producer's loop
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return (int) Math.min(Integer.MAX_VALUE, queued);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            boolean wake;
            lock.lock();
            try {
                abandoned = true;
                chunks.clear();
                queued = 0;
                wake = producerPaused;
                producerPaused = false;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
            if (wake) resume.run();
        }
    }
}
