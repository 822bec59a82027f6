package dev.barista.load.lab;

import java.io.IOException;
import java.util.List;

/**
 * Which CPUs the server and the load get for one core count. With {@code taskset}, the server runs on CPUs
 * 0..n-1 (taskset on its command: the prefork workers and connection children it starts inherit the mask) and
 * this process, load generator included, on the rest (taskset -a on every thread of this JVM; threads started
 * later inherit it). When the server takes every core, the load shares them ({@code shared}), and the report
 * says so. Without pinning, both share every core.
 *
 * @param serverCores the cores the server is given, and sized for (loops, workers, carriers, prefork workers)
 */
public record CpuPlan(boolean pinned, String serverCpus, String loadCpus, int loadLoops, int serverCores,
                      boolean shared) {

    /** The lab's default: the first half of the cores for the server, the rest for the load. */
    static CpuPlan of(boolean wanted) {
        int cores = MachineCpu.cores();
        return forCores(Math.max(1, cores / 2), wanted, cores, taskset());
    }

    /** The plan for a server of {@code n} cores on a machine of {@code machineCores}; null if it has fewer. */
    static CpuPlan forCores(int n, boolean wanted, int machineCores, boolean taskset) {
        if (n > machineCores) return null;
        if (!wanted || machineCores < 2 || !taskset) return new CpuPlan(false, "all", "all", machineCores, n, true);
        String server = range(0, n - 1);
        if (n == machineCores) return new CpuPlan(true, server, server, machineCores, n, true);
        return new CpuPlan(true, server, range(n, machineCores - 1), machineCores - n, n, false);
    }

    static boolean taskset() {
        return new java.io.File("/usr/bin/taskset").canExecute();
    }

    private static String range(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    List<String> serverPrefix() {
        return pinned ? List.of("taskset", "-c", serverCpus) : List.of();
    }

    /**
     * The server's own sizing for its cores, as {@code serve} arguments: one loop per core, 8 workers per core
     * (at least 16), and for prefork a worker process per core. Carriers follow from the JVM option of
     * {@link #serverJvmOptions}.
     */
    List<String> serverSizing(String model) {
        List<String> args = new java.util.ArrayList<>(List.of("--loops", Integer.toString(serverCores),
                "--workers", Integer.toString(workers())));
        if (model.equals("prefork")) args.addAll(List.of("--processes", Integer.toString(serverCores)));
        return args;
    }

    /** Virtual threads' carriers: one per core of the server. */
    List<String> serverJvmOptions() {
        return List.of("-Djdk.virtualThreadScheduler.parallelism=" + serverCores);
    }

    /** Worker threads for blocking handlers at this core count (serve's default rule, made explicit). */
    int workers() {
        return Math.max(16, 8 * serverCores);
    }

    void pinThisProcess() throws IOException, InterruptedException {
        if (!pinned) return;
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", loadCpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IOException("taskset could not pin the lab to CPUs " + loadCpus);
    }

    public String describe() {
        if (!pinned) return "server (" + serverCores + " core" + (serverCores == 1 ? "" : "s")
                + ") and load generator share every CPU (no pinning)";
        return "server on CPU " + serverCpus + ", load generator on CPU " + loadCpus
                + (shared ? " (SHARED with the server)" : "") + " (taskset)";
    }
}
