package dev.barista.runtime;

import dev.barista.server.ServerSnapshot;
import jdk.management.VirtualThreadSchedulerMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Counts this JVM's threads for a {@link ServerSnapshot}: platform threads from {@link ThreadMXBean}, the
 * carriers from the virtual-thread scheduler's MXBean, and the virtual threads one server started from its
 * {@link VirtualThreadCounter}. Every read is a counter or a short scan: cheap enough for an event loop.
 */
public final class ThreadCensus {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Null where the JVM has no such bean (it came in JDK 24, in the jdk.management module). */
    private static final VirtualThreadSchedulerMXBean SCHEDULER = scheduler();

    private ThreadCensus() {
    }

    /** This process's threads now, with {@code virtual} as the server's own virtual threads. */
    public static ServerSnapshot.Threads take(VirtualThreadCounter virtual) {
        return new ServerSnapshot.Threads(THREADS.getThreadCount(), THREADS.getPeakThreadCount(),
                THREADS.getDaemonThreadCount(), virtual.live(), virtual.started(), carriers());
    }

    private static ServerSnapshot.Carriers carriers() {
        if (SCHEDULER == null) return null;
        return new ServerSnapshot.Carriers(SCHEDULER.getParallelism(), SCHEDULER.getPoolSize(),
                SCHEDULER.getMountedVirtualThreadCount(), SCHEDULER.getQueuedVirtualThreadCount());
    }

    private static VirtualThreadSchedulerMXBean scheduler() {
        try {
            return ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
