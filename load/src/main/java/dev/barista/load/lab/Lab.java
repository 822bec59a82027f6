package dev.barista.load.lab;

import dev.barista.load.LoadConfig;
import dev.barista.load.LoadGenerator;
import dev.barista.load.LoadResult;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The model lab: for every server x workload x connection count, start the server as its own process (on its
 * own CPUs when pinning), load it from this process on Barista's event loops, and measure what it cost:
 * throughput and latency from the load generator; memory, threads, processes and CPU time of the server's
 * process tree from /proc; threads and request counts from its {@code /stats}.
 *
 * <p>Each cell gets a fresh server, so one cell's wreckage (10,000 threads, a full queue) cannot leak into
 * the next, and every cell is bounded: start (30 s at most), warm-up + duration + drain (2 s), stop (10 s).
 */
public final class Lab {
    static {
        // The lab's own probes (readiness, /stats) must not keep a connection open: under process-per-connection
        // an idle pooled connection is a child process that never exits, and the child that trains the startup
        // archive writes it only when it exits.
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "1");
        }
    }

    /** How long a cell waits for process-per-connection's first child to write the startup archive. */
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(120);

    private final LabConfig config;
    private final CpuPlan cpus;

    public Lab(LabConfig config) {
        this.config = config;
        this.cpus = CpuPlan.of(config.pin());
    }

    /** The default plan (half the cores for the server); each core count of the run has its own. */
    public CpuPlan cpus() {
        return cpus;
    }

    /** The server core counts this run covers: the configured ones, or the default plan's. */
    List<Integer> coreCounts() {
        return config.cores().isEmpty() ? List.of(cpus.serverCores()) : config.cores();
    }

    public List<LabCell> run(Consumer<String> progress) throws IOException, InterruptedException {
        Files.createDirectories(config.outDir().resolve("logs"));
        String commit = MachineInfo.gitCommit();
        int machineCores = MachineCpu.cores();
        boolean taskset = CpuPlan.taskset();
        List<LabCell> cells = new ArrayList<>();
        int index = 0;
        long started = System.nanoTime();
        for (int rep = 1; rep <= config.repeat(); rep++) {
            for (int n : coreCounts()) {
                CpuPlan plan = CpuPlan.forCores(n, config.pin(), machineCores, taskset);
                if (plan != null) plan.pinThisProcess();
                for (Workload w : config.workloads()) {
                    for (LabTarget t : config.targets()) {
                        for (int level : config.levels()) {
                            index++;
                            String where = String.format("[%d/%d %s] %s %s c=%,d cores=%d%s", index, config.cells(),
                                    elapsed(started), t.name(), w.label(), level, n, config.repeat() > 1 ? " #" + rep : "");
                            LabCell cell = plan == null
                                    ? LabCell.notRun(t, w, level, LabCell.Status.UNAVAILABLE, "this machine has "
                                    + machineCores + " cores, fewer than " + n)
                                    : runCell(t, w, level, plan, port(index), msg -> progress.accept(where + ": " + msg));
                            CpuPlan placedOn = plan != null ? plan : new CpuPlan(false, "-", "-", 0, n, false);
                            cell = cell.placed(placedOn, rep, t.barista() ? placedOn.workers() : 0,
                                    new LabCell.Provenance(commit, java.time.Instant.now()
                                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(), config.command()));
                            cells.add(cell);
                            progress.accept(where + ": " + summary(cell) + "\n");
                        }
                    }
                }
            }
        }
        cpus.pinThisProcess();
        return cells;
    }

    /**
     * The cell's port: from the base on, the next one that is really free, TIME_WAIT included (a server killed
     * with connections open leaves its port in TIME_WAIT, and a listener bound without SO_REUSEADDR, like the
     * prefork master's, then fails). With base 0, a free ephemeral port (for tests).
     */
    private int port(int index) throws IOException {
        if (config.basePort() == 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
        for (int i = 0; i < 1000; i++) {
            int candidate = Math.max(nextPort, config.basePort() + index) + i;
            if (candidate > 65535) break;
            try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open()) {
                probe.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, false);
                probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), candidate));
                nextPort = candidate + 1;
                return candidate;
            } catch (java.net.BindException busy) {
                // in use, or TIME_WAIT from an earlier cell: try the next
            }
        }
        throw new IOException("no free port from " + config.basePort() + " on");
    }

    private int nextPort;

    private static String elapsed(long started) {
        long s = (System.nanoTime() - started) / 1_000_000_000L;
        return String.format("%d:%02d", s / 60, s % 60);
    }

    private static String summary(LabCell c) {
        if (c.status() != LabCell.Status.OK) return c.status().name().toLowerCase() + " (" + c.note() + ")";
        return String.format("%,.0f req/s, p99 %.1f ms, %,d errors, %.0f MB, %d threads%s", c.requestsPerSecond(),
                c.load().latency().p99(), c.errors(), c.rssMb(), c.osThreads(),
                c.serverRequests() >= 0 ? (c.countsMatch() ? ", counts match" : ", COUNTS DIFFER") : "");
    }

    LabCell runCell(LabTarget t, Workload w, int level, CpuPlan plan, int port, Consumer<String> progress)
            throws IOException, InterruptedException {
        if (!t.workloads().contains(w)) {
            return LabCell.notRun(t, w, level, LabCell.Status.UNAVAILABLE, w == Workload.SEARCH
                    ? "search is Barista-only (the shop)" : "this peer has no blocking handler on a worker");
        }
        List<String> cmd = new ArrayList<>(plan.serverPrefix());
        List<String> launch = new ArrayList<>(t.launch());
        launch.addAll(1, plan.serverJvmOptions());
        cmd.addAll(launch);
        cmd.add(Integer.toString(port));
        if (t.barista()) {
            cmd.addAll(plan.serverSizing(t.model()));
            cmd.addAll(w.serverArgs());
        }
        Path log = config.outDir().resolve("logs").resolve(t.name().replace('/', '-') + "-" + w.label() + "-" + level
                + "-" + plan.serverCores() + "c-" + port + ".log");
        try (ServerProcess server = ServerProcess.start(cmd, port, log)) {
            // Under process-per-connection every probe is a child JVM (the first one writing the startup archive):
            // give it the time a start takes on a busy core.
            boolean childPerProbe = t.model().equals("process-per-connection");
            if (!server.awaitReady(t.barista() ? "/stats" : "/plaintext", childPerProbe ? 15 : 2,
                    childPerProbe ? 90 : 30)) {
                String tail = server.logTail();
                if (w == Workload.SEARCH && tail.contains("--shop-latency")) {
                    return LabCell.notRun(t, w, level, LabCell.Status.UNAVAILABLE, "workload not available in this build");
                }
                return LabCell.notRun(t, w, level, LabCell.Status.FAILED, "server did not start: " + tail);
            }
            if (childPerProbe && t.launch().stream().noneMatch(a -> a.startsWith("-Dbarista.startupArchive=off"))) {
                String waited = awaitStartupArchive(t.launch());
                progress.accept(waited);
                if (waited.startsWith("no startup archive")) {
                    return LabCell.notRun(t, w, level, LabCell.Status.FAILED, waited);
                }
            }
            int probe = server.get(w.target(), Duration.ofSeconds(childPerProbe ? 30 : 5));
            if (probe == 404) {
                return LabCell.notRun(t, w, level, LabCell.Status.UNAVAILABLE, "workload not available in this build");
            }
            return measure(t, w, level, plan, server, progress);
        }
    }

    private LabCell measure(LabTarget t, Workload w, int level, CpuPlan plan, ServerProcess server,
                            Consumer<String> progress) throws InterruptedException {
        ServerStatsReading before = t.barista() ? stats(server) : null;
        LoadConfig load = new LoadConfig(URI.create("http://127.0.0.1:" + server.port() + w.target()), level, 1, 0,
                config.warmup(), config.duration(), plan.loadLoops(), w.timeout(config.timeout()), List.of(), "GET",
                new byte[0]);
        CellSampler sampler = new CellSampler(server, t.barista(), config.warmup(), config.duration());
        sampler.start();
        LoadResult result = new LoadGenerator(load, w.mix(), w.connectionPerRequest()).run(p -> progress.accept(p.line()));
        sampler.finish();
        long serverRequests = -1;
        boolean match = false;
        if (before != null) {
            int statsRequests = sampler.statsRequests();
            // A connection child or worker reports its count when it ends: give the stragglers a moment.
            for (int attempt = 0; attempt < 10; attempt++) {
                ServerStatsReading after = stats(server);
                statsRequests++;
                if (after != null) {
                    // A connection refused at the limit gets one 503 without its request being read or counted
                    // as a request: it is still a response the load received, so it counts on both sides.
                    serverRequests = after.requests() - before.requests() - statsRequests
                            + after.refusedConnections() - before.refusedConnections();
                    match = serverRequests >= result.completed() && serverRequests <= result.sent();
                    if (match || serverRequests > result.sent()) break;
                }
                Thread.sleep(300);
            }
        }
        ProcessTree.Sample s = sampler.peak();
        ServerStatsReading mid = sampler.midStats();
        String note = String.join("; ", result.limits());
        return new LabCell(t.name(), t.barista(), w.label(), level, LabCell.Status.OK, note, result, serverRequests,
                match, s == null ? 0 : s.rssBytes() / 1048576.0, s == null ? 0 : s.threads(),
                s == null ? 0 : s.processes(), mid == null ? -1 : mid.platformThreads(),
                mid == null ? -1 : mid.virtualThreads(), mid == null ? -1 : mid.carriers(), sampler.cpuSeconds(),
                100 * sampler.cpuSeconds() / config.duration().toNanos() * 1e9, sampler.otherCpuPercent(), 0, null, 1,
                0, null);
    }

    /**
     * Waits until process-per-connection's children have their startup archive: a {@code child-*.aot} beside the
     * jar newer than the jar (the archive's name is a hash of the JDK and the jar; one older than the jar is
     * another build's). The first child, started by the readiness probe, writes it when it exits. So the cells
     * "with the archive" measure children that map it, not the one that trains it.
     */
    private static String awaitStartupArchive(List<String> launch) throws InterruptedException {
        int jarAt = launch.indexOf("-jar");
        if (jarAt < 0 || jarAt + 1 >= launch.size()) return "startup archive: not a jar launch, not waited for";
        Path jar = Path.of(launch.get(jarAt + 1)).toAbsolutePath();
        Path dir = jar.getParent().resolve("barista-aot");
        long started = System.nanoTime();
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            while (System.nanoTime() - started < ARCHIVE_WAIT.toNanos()) {
                if (Files.isDirectory(dir)) {
                    try (var files = Files.list(dir)) {
                        boolean ready = files.anyMatch(f -> f.getFileName().toString().matches("child-[0-9a-f]+\\.aot")
                                && lastModified(f) >= built);
                        if (ready) {
                            return String.format("startup archive ready after %.1f s",
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            return "no startup archive: " + e.getMessage();
        }
        return "no startup archive in " + dir + " after " + ARCHIVE_WAIT.toSeconds() + " s";
    }

    private static long lastModified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static ServerStatsReading stats(ServerProcess server) throws InterruptedException {
        ServerProcess.Fetched f = server.fetch("/stats", Duration.ofSeconds(5));
        return f.statusCode() == 200 ? ServerStatsReading.parse(f.body()) : null;
    }

    /**
     * Samples the server beside the load: CPU time at the start and end of the measured window; memory,
     * threads and {@code /stats} at 80% of it, when the load has long been steady.
     */
    private static final class CellSampler {
        private final ServerProcess server;
        private final boolean barista;
        private final long measureStart;
        private final long sampleAt;
        private final long end;
        private final Thread thread;
        private volatile ProcessTree.Sample first;
        private volatile ProcessTree.Sample peak;
        private volatile ProcessTree.Sample last;
        private volatile ServerStatsReading midStats;
        private volatile int statsRequests;
        private volatile double otherCpuPercent;
        private volatile ProcessTree.Sample firstOurs;
        private volatile double firstMachine;

        CellSampler(ServerProcess server, boolean barista, Duration warmup, Duration duration) {
            this.server = server;
            this.barista = barista;
            long now = System.nanoTime();
            this.measureStart = now + warmup.toNanos();
            this.sampleAt = measureStart + duration.toNanos() * 8 / 10;
            this.end = measureStart + duration.toNanos();
            this.thread = Thread.ofPlatform().daemon().name("lab-sampler").unstarted(this::sample);
        }

        void start() {
            thread.start();
        }

        private void sample() {
            try {
                sleepUntil(measureStart);
                first = ProcessTree.sample(server.handle());
                firstOurs = ProcessTree.sample(ProcessHandle.current());
                firstMachine = MachineCpu.busySeconds();
                sleepUntil(sampleAt);
                peak = ProcessTree.sample(server.handle());
                if (barista) {
                    statsRequests = 1;
                    ServerProcess.Fetched f = server.fetch("/stats", Duration.ofSeconds(3));
                    if (f.statusCode() == 200) midStats = ServerStatsReading.parse(f.body());
                }
                sleepUntil(end);
                last = ProcessTree.sample(server.handle());
                ProcessTree.Sample lastOurs = ProcessTree.sample(ProcessHandle.current());
                double machine = MachineCpu.busySeconds() - firstMachine;
                double ours = lastOurs.cpuSeconds() - firstOurs.cpuSeconds();
                double window = (System.nanoTime() - measureStart) / 1e9;
                otherCpuPercent = Math.max(0, 100 * (machine - ours) / (window * MachineCpu.cores()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sleepUntil(long deadline) throws InterruptedException {
            long wait = deadline - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
        }

        void finish() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }

        ProcessTree.Sample peak() {
            return peak;
        }

        ServerStatsReading midStats() {
            return midStats;
        }

        int statsRequests() {
            return statsRequests;
        }

        double otherCpuPercent() {
            return otherCpuPercent;
        }

        double cpuSeconds() {
            return first == null || last == null ? 0 : Math.max(0, last.cpuSeconds() - first.cpuSeconds());
        }
    }
}
