package dev.barista.load.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The whole machine's CPU time from /proc/stat: to tell how much other work shared the CPUs with a cell. */
final class MachineCpu {
    private static final double CLOCK_TICKS = 100.0;

    private MachineCpu() {
    }

    /** Busy CPU seconds since boot, over every core (user, nice, system, irq, softirq, steal). */
    static double busySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[]{1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
            return busy / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Cores of the machine (not of this process's affinity mask). */
    static int cores() {
        try {
            int n = (int) Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("processor")).count();
            return n > 0 ? n : Runtime.getRuntime().availableProcessors();
        } catch (IOException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }
}
