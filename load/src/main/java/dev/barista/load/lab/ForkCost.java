package dev.barista.load.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the chapter's process creation costs without a JVM: a small native program (CPython's {@code os.fork},
 * {@code os._exit}, {@code os.waitpid}, thin wrappers over the system calls) forks a child that exits at once, and
 * waits for it, {@value #FORKS} times, on the server's CPUs. Beside process-per-connection's wait for a child JVM,
 * it tells the model's cost (a process) from the JVM's (its start-up).
 *
 * @param microsPerFork mean microseconds per fork + exit + wait
 * @param forks         how many
 * @param program       what ran it (the interpreter and its version)
 * @param command       the command line, to run it again
 * @param cpus          the CPUs it was pinned to
 * @param provenance    commit and time
 */
public record ForkCost(double microsPerFork, int forks, String program, String command, String cpus,
                       LabCell.Provenance provenance) {
    static final int FORKS = 2000;
    static final String SCRIPT = "import os,sys,time\n"
            + "n=" + FORKS + "\n"
            + "t=time.perf_counter()\n"
            + "for _ in range(n):\n"
            + "    p=os.fork()\n"
            + "    if p==0: os._exit(0)\n"
            + "    os.waitpid(p,0)\n"
            + "print((time.perf_counter()-t)/n*1e6, 'python'+sys.version.split()[0])\n";

    /** Runs the measurement pinned like the server; null without python3 (the report then says so). */
    static ForkCost measure(CpuPlan plan, String commit) {
        List<String> cmd = new ArrayList<>(plan.serverPrefix());
        cmd.addAll(List.of("python3", "-c", SCRIPT));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            String[] parts = out.split("\\s+");
            return new ForkCost(Double.parseDouble(parts[0]), FORKS, parts[1], String.join(" ", cmd.subList(0,
                    cmd.size() - 1)) + " '" + SCRIPT + "'", plan.serverCpus(),
                    new LabCell.Provenance(commit, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString(), "./barista lab (fork measurement, with the connect workload)"));
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    String describe() {
        return String.format(Locale.ROOT, "%.0f µs per fork + _exit + waitpid (%s, %,d forks, CPU %s)", microsPerFork,
                program, forks, cpus);
    }
}
