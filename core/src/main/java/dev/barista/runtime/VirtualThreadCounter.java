package dev.barista.runtime;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The virtual threads one server starts, counted where it starts them: a JVM-wide count would mix in the
 * threads of everything else in the process (an HTTP client, other servers, the tests). A thread counts as
 * live from the moment it runs until its task ends. Any thread.
 */
public final class VirtualThreadCounter {
    private final AtomicInteger live = new AtomicInteger();
    private final LongAdder started = new LongAdder();

    /** Starts {@code task} on a new counted virtual thread. */
    public Thread start(String name, Runnable task) {
        return Thread.ofVirtual().name(name).start(counted(task));
    }

    /** A factory of counted virtual threads named {@code prefix0}, {@code prefix1}, ... */
    public ThreadFactory factory(String prefix) {
        ThreadFactory named = Thread.ofVirtual().name(prefix, 0).factory();
        return task -> named.newThread(counted(task));
    }

    public int live() {
        return live.get();
    }

    public long started() {
        return started.sum();
    }

    private Runnable counted(Runnable task) {
        return () -> {
            started.increment();
            live.incrementAndGet();
            try {
                task.run();
            } finally {
                live.decrementAndGet();
            }
        };
    }
}
