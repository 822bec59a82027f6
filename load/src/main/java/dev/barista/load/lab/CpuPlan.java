package dev.barista.load.lab;

import java.io.IOException;
import java.util.List;

/**
 * Which CPUs the server and the load get. With two or more cores and {@code taskset} available, the first
 * half of the cores runs the server (taskset on its command: the prefork workers and connection children it
 * starts inherit the mask) and the rest runs this process, load generator included (taskset -a on every
 * thread of this JVM; threads started later inherit it). Otherwise both share every core, as the report says.
 */
public record CpuPlan(boolean pinned, String serverCpus, String loadCpus, int loadLoops) {

    static CpuPlan of(boolean wanted) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean taskset = new java.io.File("/usr/bin/taskset").canExecute();
        if (!wanted || cores < 2 || !taskset) return new CpuPlan(false, "all", "all", cores);
        int serverCores = cores / 2;
        String server = serverCores == 1 ? "0" : "0-" + (serverCores - 1);
        String load = cores - serverCores == 1 ? Integer.toString(serverCores) : serverCores + "-" + (cores - 1);
        return new CpuPlan(true, server, load, cores - serverCores);
    }

    List<String> serverPrefix() {
        return pinned ? List.of("taskset", "-c", serverCpus) : List.of();
    }

    void pinThisProcess() throws IOException, InterruptedException {
        if (!pinned) return;
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", loadCpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) throw new IOException("taskset could not pin the lab to CPUs " + loadCpus);
    }

    public String describe() {
        return pinned ? "server on CPU " + serverCpus + ", load generator on CPU " + loadCpus + " (taskset)"
                : "server and load generator share every CPU (no pinning)";
    }
}
