package dev.barista.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bytes one server may hold for its clients, counted as they are reserved: buffered request bodies,
 * streamed bodies waiting for their handler, unsent response bytes, and the blocking models' connection
 * buffers. Beyond the limit a request or a connection is refused (503) before its memory is allocated,
 * so a flood of large or slow uploads meets an answer, not an {@link OutOfMemoryError}. Lock-free; any thread.
 */
public final class MemoryBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder refusals = new LongAdder();

    public MemoryBudget(long limit) {
        if (limit <= 0) throw new IllegalArgumentException("limit must be > 0");
        this.limit = limit;
    }

    /** Reserves {@code bytes} if they fit under the limit; false (counted as a refusal) if not. */
    public boolean tryReserve(long bytes) {
        if (bytes <= 0) return true;
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                refusals.increment();
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) return true;
        }
    }

    /**
     * Counts bytes that exist already and cannot be refused (a response a handler built, left unsent by a
     * slow client), or releases them when negative: they make later reservations fail sooner.
     */
    public void add(long bytes) {
        if (bytes != 0) used.addAndGet(bytes);
    }

    public void release(long bytes) {
        if (bytes > 0) used.addAndGet(-bytes);
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    /** Reservations refused so far. */
    public long refusals() {
        return refusals.sum();
    }
}
