package dev.barista.load.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A lab run: which servers, which workloads, which connection counts, how long each cell measures.
 *
 * @param targets      the servers, in report order
 * @param workloads    the workloads, in report order
 * @param levels       connection counts
 * @param warmup       per cell, before measuring
 * @param duration     per cell, measured
 * @param timeout      the load generator's per-request timeout
 * @param pin          pin server and load to separate CPUs with taskset (needs 2+ cores and taskset)
 * @param basePort     the first cell's port; each cell uses the next one (no TIME_WAIT collisions); 0: each
 *                     cell takes a free ephemeral port
 * @param outDir       where the report, the logs and the JSON go
 * @param command      the command line that started the lab, for the report
 * @param cores        the server's core counts, each a dimension of its own (empty: half the machine's cores)
 * @param repeat       how many times each cell runs (rounds over the whole matrix, so that a burst of other
 *                     work on the machine spreads over different cells instead of all repetitions of one)
 */
public record LabConfig(List<LabTarget> targets, List<Workload> workloads, List<Integer> levels, Duration warmup,
                        Duration duration, Duration timeout, boolean pin, int basePort, Path outDir, String command,
                        List<Integer> cores, int repeat) {

    public LabConfig {
        targets = List.copyOf(targets);
        workloads = List.copyOf(workloads);
        levels = List.copyOf(levels);
        cores = List.copyOf(cores);
        if (targets.isEmpty() || workloads.isEmpty() || levels.isEmpty()) {
            throw new IllegalArgumentException("the lab needs at least one server, workload and connection count");
        }
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1");
        if (cores.stream().anyMatch(n -> n < 1)) throw new IllegalArgumentException("core counts must be at least 1");
    }

    public LabConfig(List<LabTarget> targets, List<Workload> workloads, List<Integer> levels, Duration warmup,
                     Duration duration, Duration timeout, boolean pin, int basePort, Path outDir, String command) {
        this(targets, workloads, levels, warmup, duration, timeout, pin, basePort, outDir, command, List.of(), 1);
    }

    /** Cells to run, the ones a server cannot run included (they finish at once). */
    public int cells() {
        return targets.size() * workloads.size() * levels.size() * Math.max(1, cores.size()) * repeat;
    }
}
