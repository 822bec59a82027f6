package dev.barista.load.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process and its descendants, measured from /proc: resident memory, OS threads, processes and CPU time.
 * A child that exits between listing and reading is skipped (its CPU time moves into its parent's
 * {@code cutime} once reaped, which is counted).
 */
final class ProcessTree {
    private static final long PAGE_SIZE = 4096;
    private static final double CLOCK_TICKS = 100.0; // USER_HZ: 100 on every Linux ABI in use

    /** What the tree holds at one moment. */
    record Sample(int processes, int threads, long rssBytes, double cpuSeconds) {
    }

    private ProcessTree() {
    }

    static Sample sample(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        int processes = 0;
        int threads = 0;
        long rss = 0;
        double cpu = 0;
        for (ProcessHandle p : all) {
            String stat = read("/proc/" + p.pid() + "/stat");
            String statm = read("/proc/" + p.pid() + "/statm");
            if (stat == null || statm == null) continue;
            // Fields after the command (which may hold spaces), from ") ": state is field 3.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);              // utime, stime
            if (p.pid() == root.pid()) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // reaped children
            processes++;
            threads += Integer.parseInt(f[17]);                                        // num_threads
            rss += Long.parseLong(statm.trim().split("\\s+")[1]) * PAGE_SIZE;
            cpu += ticks / CLOCK_TICKS;
        }
        return new Sample(processes, threads, rss, cpu);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
