package dev.barista.load.lab;

import dev.barista.load.LoadResult;

/**
 * One measurement: a server x a workload x a number of connections.
 *
 * @param status          ok; unavailable (the server lacks the workload); failed (the server did not start)
 * @param note            why a cell is not ok, or what limited it
 * @param load            the load generator's result (null unless the load ran)
 * @param serverRequests  responses the server counted during the load: its /stats delta of requests plus
 *                        connections refused with a 503 (answered without reading a request), minus the lab's own
 *                        /stats requests; or -1 when it has no /stats
 * @param countsMatch     load's {@code completed} {@literal <=} serverRequests {@literal <=} load's {@code sent}: every response
 *                        received was counted by the server, and it counted nothing that was not sent
 * @param rssMb           resident memory of the server's process tree near the end of the measured window
 * @param osThreads       OS threads of the tree then (from /proc)
 * @param processes       processes of the tree then
 * @param platformThreads the server's platform threads then (/stats), -1 without /stats
 * @param virtualThreads  virtual threads the server was running then (/stats), -1 without /stats
 * @param carriers        carrier threads started (/stats), -1 without /stats
 * @param cpuSeconds      CPU time the tree used in the measured window
 * @param cpuPercent      that, as a share of one core over the window
 * @param otherCpuPercent CPU used during the window by processes other than the lab and its server, as a share
 *                        of the whole machine: well above a few percent, other work competed (a noisy cell)
 * @param cores           the server's cores (what it was pinned to and sized for); 0 in files older than the field
 * @param cpus            where server and load ran ({@link CpuPlan#describe()})
 * @param repetition      which run of this cell it is (1, 2, ...) when the lab repeats cells
 * @param workers         the server's worker threads for blocking handlers (the blocking search style's too)
 * @param provenance      the commit, the time the cell ended, and the command that made this cell
 */
public record LabCell(String target, boolean barista, String workload, int connections, Status status, String note,
                      LoadResult load, long serverRequests, boolean countsMatch, double rssMb, int osThreads,
                      int processes, int platformThreads, int virtualThreads, int carriers, double cpuSeconds,
                      double cpuPercent, double otherCpuPercent, int cores, String cpus, int repetition, int workers,
                      Provenance provenance) {

    public enum Status { OK, UNAVAILABLE, FAILED }

    /** Where one cell came from: enough to make it again. */
    public record Provenance(String commit, String date, String command) {
    }

    static LabCell notRun(LabTarget t, Workload w, int connections, Status status, String note) {
        return new LabCell(t.name(), t.barista(), w.label(), connections, status, note, null, -1, false, 0, 0, 0,
                -1, -1, -1, 0, 0, 0, 0, null, 1, 0, null);
    }

    /** The same cell, placed: which cores and repetition, and where it came from. */
    LabCell placed(CpuPlan plan, int repetition, int workers, Provenance provenance) {
        return new LabCell(target, barista, workload, connections, status, note, load, serverRequests, countsMatch,
                rssMb, osThreads, processes, platformThreads, virtualThreads, carriers, cpuSeconds, cpuPercent,
                otherCpuPercent, plan.serverCores(), plan.describe(), repetition, workers, provenance);
    }

    /** A short name for the claims and notes: server, workload, connections, cores (and repetition). */
    public String key() {
        return String.format(java.util.Locale.ROOT, "%s %s c=%,d %d core%s%s", target, workload, connections,
                cores, cores == 1 ? "" : "s", repetition > 1 ? " #" + repetition : "");
    }

    public boolean ok() {
        return status == Status.OK && load != null;
    }

    /** Successful responses per second (status below 400): what the charts and the table show. */
    public double requestsPerSecond() {
        return load == null ? 0 : load.okPerSecond();
    }

    public long errors() {
        return load == null ? 0 : load.errorTotal();
    }
}
