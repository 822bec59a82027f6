package dev.barista.process;

import dev.barista.server.ServerSnapshot;
import dev.barista.server.StatsSnapshot;

import java.util.concurrent.CountDownLatch;

/**
 * The master's view of one worker process. The IPC reader thread of this worker writes {@link #channel},
 * {@link #readyNanos} and {@link #report}; the supervisor thread reads them and owns the rest.
 */
final class WorkerProcess {
    final long id;
    final int slot;
    final long generation;
    final Process process;
    final long spawnedNanos;
    /** Counted down when this worker's IPC reader has read its last message. */
    final CountDownLatch readerDone = new CountDownLatch(1);

    volatile WorkerChannel channel;
    /** When it reported Ready (System.nanoTime()), or 0. */
    volatile long readyNanos;
    /** Its last snapshot (sent every half second, and with each of its stats queries), or null before the first. */
    volatile ServerSnapshot report;

    // supervisor thread only
    boolean stopSent;
    boolean killed;
    long stopDeadlineNanos;

    WorkerProcess(long id, int slot, long generation, Process process, long spawnedNanos) {
        this.id = id;
        this.slot = slot;
        this.generation = generation;
        this.process = process;
        this.spawnedNanos = spawnedNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean ready() {
        return readyNanos != 0;
    }

    /** The counters of its last report. */
    StatsSnapshot stats() {
        ServerSnapshot last = report;
        return last == null ? StatsSnapshot.ZERO : last.counters();
    }

    WorkerStatus status() {
        return new WorkerStatus(pid(), slot, generation, ready(), stats());
    }

    void kill() {
        if (killed) return;
        killed = true;
        process.destroyForcibly();
    }

    @Override
    public String toString() {
        return "worker " + pid() + " (slot " + slot + ", generation " + generation + ")";
    }
}
