package dev.barista.abuse;

import dev.barista.Server;
import dev.barista.testing.Await;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a server costs at rest, taken before an attack, and the check that it returns there afterwards:
 * no connection left open, no thread left behind, and no heap kept (compared after a GC, with a generous
 * margin: the JIT, class loading and pools settle during a test).
 */
record Baseline(long openConnections, int platformThreads, int virtualThreads, long heapBytes) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    /** Threads that may come and go on their own (JIT compiler threads, the common pool, GC helpers). */
    private static final int THREAD_SLACK = 12;
    private static final long HEAP_SLACK = 64L << 20;

    static Baseline of(Server server) {
        return new Baseline(server.snapshot().counters().openConnections(), THREADS.getThreadCount(),
                server.snapshot().threads().virtualLive(), heapAfterGc());
    }

    void assertReturnedTo(Server server) {
        Await.until("connections back to " + openConnections, Duration.ofSeconds(10),
                () -> server.snapshot().counters().openConnections() == openConnections);
        Await.until("threads back to about " + platformThreads, Duration.ofSeconds(10),
                () -> THREADS.getThreadCount() <= platformThreads + THREAD_SLACK
                        && server.snapshot().threads().virtualLive() <= virtualThreads);
        long heap = heapAfterGc();
        assertThat(heap).as("heap after GC (baseline %d MiB)", heapBytes >> 20).isLessThan(heapBytes + HEAP_SLACK);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 2; i++) System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
