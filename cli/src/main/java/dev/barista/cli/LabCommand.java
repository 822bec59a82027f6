package dev.barista.cli;

import com.fasterxml.jackson.core.JacksonException;
import dev.barista.load.lab.Lab;
import dev.barista.load.lab.LabCell;
import dev.barista.load.lab.LabConfig;
import dev.barista.load.lab.LabReport;
import dev.barista.load.lab.LabTarget;
import dev.barista.load.lab.Workload;
import dev.barista.model.Model;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code barista lab}: every model x workload x connection count, each server a separate process, the load from
 * this one; writes an HTML report (inline SVG charts), a Markdown table and JSON.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Measure every concurrency model (and with --peers, Netty) under the same load, and write "
                + "report.html, report.md and results.json.",
                "Each cell starts a fresh server process ('serve --model M', pinned with taskset to the first half of "
                        + "the cores when there are 2+), loads it from this JVM (pinned to the other half) and "
                        + "samples its process tree (/proc) and its /stats.",
                "Full profile: 4 s warm-up + 10 s per cell, 100/1,000/10,000 connections; --quick: 1 s + 3 s, "
                        + "100/1,000. It says how many cells it will measure before it starts (each also waits for "
                        + "its server to start).",
                "Exit status: 0, or 1 when any cell failed (its server did not start), after the report is written."})
final class LabCommand implements Callable<Integer> {

    @Option(names = "--models", paramLabel = "MODEL", split = ",", converter = ModelConverter.class,
            description = "Models, comma-separated (default: all seven).")
    List<Model> models;

    @Option(names = "--workloads", paramLabel = "WORKLOAD", split = ",", completionCandidates = WorkloadConverter.class,
            description = "Workloads, comma-separated: ${COMPLETION-CANDIDATES} (default: plaintext, blocking, "
                    + "mixed, connect, search-styles). search-styles is the eight search-STYLE-PLAN workloads.")
    List<String> workloads;

    @Option(names = "--cores", paramLabel = "N", converter = NumberRanges.AtLeastOne.class, split = ",",
            description = "Server core counts, each a dimension: the server is pinned to CPUs 0..N-1 and sized for N "
                    + "(N loops, max(16, 8N) workers, N carriers, N prefork workers); the load runs on the other "
                    + "cores, or shares them when N is every core (the report says so). Counts above the "
                    + "machine's are reported as not run. Default: half the cores.")
    List<Integer> cores;

    @Option(names = "--repeat", paramLabel = "N", converter = NumberRanges.AtLeastOne.class,
            description = "Run every cell N times, in N rounds over the whole matrix (default: ${DEFAULT-VALUE}).")
    int repeat = 1;

    @Option(names = "--without-startup-archive", description = "Also measure process-per-connection with its "
            + "children's startup archive (AOT cache) turned off, as the target process-per-connection/no-archive.")
    boolean withoutArchive;

    @Option(names = "--append", description = "Add this run's cells to the results.json already in --out (its "
            + "cells keep their own provenance), then render the report of them all.")
    boolean append;

    @Option(names = "--connections", paramLabel = "N", converter = NumberRanges.AtLeastOne.class, split = ",",
            description = "Connection counts (default: 100,1000,10000; --quick: 100,1000).")
    List<Integer> connections;

    @Option(names = "--quick", description = "A few minutes in all: 1 s warm-up, 3 s measured, fewer levels.")
    boolean quick;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Measured time per cell: 10 (seconds), 10s, 500ms, 2m (default: 10s; --quick: 3s).")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "DURATION",
            description = "Warm-up time per cell (default: 4s; --quick: 1s).")
    Duration warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--peers", description = "Also measure the hello-world peers built in bench/: Netty (plaintext), "
            + "Undertow, Vert.x, Helidon SE (plaintext, blocking). Search is Barista-only.")
    boolean peers;

    @Option(names = "--bench-jar", description = "The peers' jar (default: ${DEFAULT-VALUE}).")
    Path benchJar = Path.of("bench/target/barista-bench.jar");

    @Option(names = "--no-pin", description = "Do not pin server and load to separate CPUs.")
    boolean noPin;

    @Option(names = "--port", converter = NumberRanges.Port.class,
            description = "First port; each cell uses the next (default: ${DEFAULT-VALUE}).")
    int port = 19100;

    @Option(names = "--server-jvm", description = "JVM options for the servers (default: ${DEFAULT-VALUE}).")
    String serverJvm = "-Xmx1g -XX:+UseParallelGC";

    @Option(names = "--out", description = "Output directory (default: lab-results/<date-time>).")
    Path out;

    @Option(names = "--render", paramLabel = "DIR", description = "Only render DIR/report.html and report.md again "
            + "from DIR/results.json (no measuring).")
    Path render;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (render != null) {
            if (!Files.isReadable(render.resolve("results.json"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--render " + render
                        + ": no readable results.json there (give the directory a lab run wrote)");
            }
            try {
                LabReport.rerender(render);
            } catch (JacksonException e) {
                throw new CommandFailure(render.resolve("results.json") + " is not a lab's results ("
                        + ErrorLine.clean(e.getOriginalMessage()) + "); give --render the directory a lab wrote", e);
            }
            System.out.println("Report: " + render.resolve("report.html").toAbsolutePath());
            return 0;
        }
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        for (String opt : serverJvm.trim().split("\\s+")) if (!opt.isEmpty()) java.add(opt);
        java.add("--enable-native-access=ALL-UNNAMED");
        List<String> launcher = new ArrayList<>(java);
        launcher.addAll(selfLauncher());
        List<LabTarget> targets = new ArrayList<>();
        for (Model m : models != null ? models : Model.all()) {
            LabTarget t = LabTarget.model(m.name(), launcher);
            targets.add(t);
            if (withoutArchive && m.name().equals("process-per-connection")) {
                targets.add(t.variant(m.name() + "/no-archive", List.of("-Dbarista.startupArchive=off")));
            }
        }
        if (peers) {
            if (!Files.isRegularFile(benchJar)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--peers needs " + benchJar
                        + ", which does not exist (build it: mvn -pl bench -am package -DskipTests, or give "
                        + "--bench-jar)");
            }
            String jar = benchJar.toString();
            String peers = "dev.barista.bench.peers.";
            Set<Workload> both = Set.of(Workload.PLAINTEXT, Workload.BLOCKING);
            targets.add(LabTarget.peer("netty", java, jar, peers + "NettyHelloServer", Set.of(Workload.PLAINTEXT)));
            targets.add(LabTarget.peer("undertow", java, jar, peers + "UndertowHelloServer", both));
            targets.add(LabTarget.peer("vertx", java, jar, peers + "VertxHelloServer", both));
            targets.add(LabTarget.peer("helidon-se", java, jar, peers + "HelidonHelloServer", both));
        }
        List<Integer> levels = connections != null ? connections : quick ? List.of(100, 1000) : List.of(100, 1000, 10000);
        Path dir = out != null ? out : Path.of("lab-results",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HHmmss")));
        List<Workload> chosen = new ArrayList<>();
        try {
            for (String name : workloads == null ? List.<String>of() : workloads) {
                for (Workload w : Workload.expand(name.trim())) if (!chosen.contains(w)) chosen.add(w);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workloads: " + e.getMessage());
        }
        if (chosen.isEmpty()) chosen = defaultWorkloads();
        LabConfig config = new LabConfig(targets, chosen, levels,
                warmup != null ? warmup : Duration.ofSeconds(quick ? 1 : 4),
                duration != null ? duration : Duration.ofSeconds(quick ? 3 : 10), timeout, !noPin, port, dir,
                commandLine(), cores != null ? cores : List.of(), repeat);
        List<LabCell> earlier = List.of();
        if (append) {
            if (out == null || !Files.isReadable(dir.resolve("results.json"))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--append needs --out DIR with a "
                        + "results.json in it");
            }
            earlier = LabReport.readCells(dir);
        }
        Lab lab = new Lab(config);
        System.out.printf("barista lab: up to %d cells of %s + %s, %s; writing to %s%n", config.cells(),
                readable(config.warmup()), readable(config.duration()),
                lab.cpus().describe(), dir);
        boolean tty = System.console() != null && System.console().isTerminal();
        List<LabCell> cells = lab.run(line -> {
            if (line.endsWith("\n")) {
                System.out.print(tty ? "\r\033[K" + line : line);
            } else if (tty) {
                System.out.print("\r\033[K" + line);
            }
        });
        List<LabCell> all = new ArrayList<>(earlier);
        all.addAll(cells);
        var fork = LabReport.forkCost(config, lab, append ? LabReport.readForkCost(dir) : null);
        new LabReport(config, LabReport.machine(config, lab), all, fork).write(dir);
        System.out.println("Report: " + dir.resolve("report.html").toAbsolutePath());
        System.out.println("Table:  " + dir.resolve("report.md").toAbsolutePath());
        List<LabCell> failed = cells.stream().filter(c -> c.status() == LabCell.Status.FAILED).toList();
        if (!failed.isEmpty()) {
            LabCell first = failed.getFirst();
            throw new CommandFailure(failed.size() + " of " + cells.size() + " lab cells failed, first "
                    + first.target() + " " + first.workload() + " c=" + first.connections() + " (their servers' logs: "
                    + dir.resolve("logs") + ")");
        }
        return 0;
    }

    private static String readable(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Everything but the legacy search cell (the futures-concurrent search-styles cell is the same request). */
    private static List<Workload> defaultWorkloads() {
        List<Workload> all = new ArrayList<>(List.of(Workload.PLAINTEXT, Workload.BLOCKING, Workload.MIXED,
                Workload.CONNECT));
        all.addAll(Workload.expand(Workload.SEARCH_STYLES));
        return all;
    }

    /** How to run this program again: {@code -jar the.jar} or, from classes (tests), {@code -cp ... Main}. */
    static List<String> selfLauncher() throws Exception {
        Path self = Path.of(LabCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) return List.of("-jar", self.toString());
        return List.of("-cp", System.getProperty("java.class.path"), BaristaCommand.class.getName());
    }

    private static String commandLine() {
        return ProcessHandle.current().info().arguments()
                .map(args -> {
                    List<String> a = new ArrayList<>(List.of(args));
                    int jar = a.indexOf("-jar");
                    List<String> rest = jar >= 0 && jar + 1 < a.size() ? a.subList(jar + 2, a.size()) : a;
                    return "./barista " + String.join(" ", rest);
                }).orElse("./barista lab");
    }
}
