package dev.barista.load.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.barista.load.RequestMix;

import static dev.barista.load.lab.SvgChart.esc;

/**
 * Writes a lab's cells as {@code report.html} (self-contained: inline SVG charts and CSS, nothing fetched),
 * {@code report.md} (the table) and {@code results.json} (everything, for scripts).
 */
public final class LabReport {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final LabConfig config;
    private final MachineInfo machine;
    private final List<LabCell> cells;
    private final ForkCost fork;
    private final List<LabClaims.Claim> claims;

    public LabReport(LabConfig config, MachineInfo machine, List<LabCell> cells) {
        this(config, machine, cells, null);
    }

    /** A report of {@code cells} (this run's, and earlier ones' when appending); {@code fork} may be null. */
    public LabReport(LabConfig config, MachineInfo machine, List<LabCell> cells, ForkCost fork) {
        this.config = config;
        this.machine = machine;
        this.cells = List.copyOf(cells);
        this.fork = fork;
        this.claims = LabClaims.evaluate(this.cells, fork);
    }

    /** The cells of a lab's results.json. */
    public static List<LabCell> readCells(Path dir) throws IOException {
        List<LabCell> cells = new ArrayList<>();
        for (var c : JSON.readTree(dir.resolve("results.json").toFile()).path("cells")) {
            cells.add(JSON.treeToValue(c, LabCell.class));
        }
        return cells;
    }

    /** The native fork measurement of a lab's results.json, or null. */
    public static ForkCost readForkCost(Path dir) throws IOException {
        var node = JSON.readTree(dir.resolve("results.json").toFile()).path("fork_cost");
        return node.isMissingNode() || node.isNull() ? null : JSON.treeToValue(node, ForkCost.class);
    }

    /**
     * The fork measurement for this run: measured again (on the server's CPUs) when the run has the connect
     * workload, else the earlier one, if any.
     */
    public static ForkCost forkCost(LabConfig config, Lab lab, ForkCost earlier) {
        if (!config.workloads().contains(Workload.CONNECT)) return earlier;
        ForkCost now = ForkCost.measure(lab.cpus(), MachineInfo.gitCommit());
        return now != null ? now : earlier;
    }

    /**
     * Renders report.html and report.md again from a lab's results.json (after the report's look changed, or to
     * re-render an old run): the cells, the machine and the timings all come from the JSON.
     */
    public static void rerender(Path dir) throws IOException {
        var root = JSON.readTree(dir.resolve("results.json").toFile());
        MachineInfo machine = JSON.treeToValue(root.path("machine"), MachineInfo.class);
        List<LabCell> cells = readCells(dir);
        LabConfig config = configOf(cells, root.path("warmup_seconds").asDouble(), root.path("duration_seconds").asDouble(),
                dir, machine.command());
        LabReport report = new LabReport(config, machine, cells, readForkCost(dir));
        report.write(dir);
    }

    /** A configuration that describes {@code cells}: their servers, workloads and levels, in order of appearance. */
    static LabConfig configOf(List<LabCell> cells, double warmup, double duration, Path dir, String command) {
        List<LabTarget> targets = new ArrayList<>();
        List<Workload> workloads = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (LabCell c : cells) {
            if (targets.stream().noneMatch(t -> t.name().equals(c.target()))) {
                targets.add(new LabTarget(c.target(), c.barista(), List.of(), java.util.Set.of()));
            }
            Workload w = Workload.named(c.workload());
            if (!workloads.contains(w)) workloads.add(w);
            if (!levels.contains(c.connections())) levels.add(c.connections());
        }
        levels.sort(null);
        return new LabConfig(targets, workloads, levels, java.time.Duration.ofMillis((long) (warmup * 1000)),
                java.time.Duration.ofMillis((long) (duration * 1000)), java.time.Duration.ofSeconds(5), false, 0, dir,
                command);
    }

    public static MachineInfo machine(LabConfig config, Lab lab) {
        return MachineInfo.here(config.command(), lab.cpus());
    }

    public List<LabClaims.Claim> claims() {
        return claims;
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.html"), html());
        Files.writeString(dir.resolve("report.md"), markdown());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("warmup_seconds", config.warmup().toMillis() / 1000.0);
        json.put("duration_seconds", config.duration().toMillis() / 1000.0);
        json.put("fork_cost", fork);
        json.put("claims", claims);
        json.put("cells", cells);
        JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
    }

    // ---- Markdown --------------------------------------------------------------------------------------

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Claims\n\nEach verdict is computed from the cells below by the rule beside it.\n\n");
        b.append("| claim | verdict | what the cells show | rule |\n|---|---|---|---|\n");
        for (LabClaims.Claim c : claims) {
            b.append(String.format(Locale.ROOT, "| %s | **%s** | %s | %s |%n", c.claim(), c.verdict().text(),
                    c.finding().replace("|", "/"), c.rule().replace("|", "/")));
        }
        if (fork != null) b.append("\nNative process creation: ").append(fork.describe()).append(".\n");
        b.append("\n## Cells\n\n");
        b.append("| server | workload | connections | cores | rep | ok req/s | p50 ms | p99 ms | p99.9 ms | fast p50 / p99 ms | slow p50 / p99 ms | errors | server counted / load completed | RSS MB | OS threads | platform / virtual / carriers | processes | CPU s | other CPU % | commit | ended |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|---:|---|---:|---:|---:|---|---|\n");
        for (LabCell c : cells) {
            if (!c.ok()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %d | %s |||||||||||||| %s | %s |%n", c.target(),
                        c.workload(), c.connections(), c.cores(), c.repetition(), c.note().replace("|", "/"),
                        commit(c), ended(c)));
                continue;
            }
            var l = c.load().latency();
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %d | %,.0f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %.0f | %d | %s | %d | %.1f | %.0f | %s | %s |%n",
                    c.target(), c.workload(), c.connections(), c.cores(), c.repetition(), c.requestsPerSecond(), l.p50(),
                    l.p99(), l.p999(), classText(c, RequestMix.FAST), classText(c, RequestMix.SLOW), errorText(c),
                    countText(c), c.rssMb(), c.osThreads(), threadText(c), c.processes(), c.cpuSeconds(),
                    c.otherCpuPercent(), commit(c), ended(c)));
        }
        List<String> notes = new ArrayList<>();
        for (LabCell c : cells) {
            String note = c.ok() ? cellNote(c) : "";
            if (!note.isEmpty()) notes.add("- " + c.key() + ": " + note);
        }
        if (!notes.isEmpty()) b.append("\nNotes:\n\n").append(String.join("\n", notes)).append('\n');
        b.append("\nCommands:\n\n");
        cells.stream().map(c -> c.provenance() == null ? "(not recorded)" : c.provenance().command()).distinct()
                .forEach(cmd -> b.append("- `").append(cmd).append("`\n"));
        return b.toString();
    }

    private static String classText(LabCell c, String name) {
        var k = c.load().requestClass(name);
        if (k == null) return "";
        return String.format(Locale.ROOT, "%.2f / %.2f", k.latency().p50(), k.latency().p99());
    }

    private static String commit(LabCell c) {
        return c.provenance() == null ? "?" : c.provenance().commit();
    }

    private static String ended(LabCell c) {
        return c.provenance() == null ? "?" : c.provenance().date();
    }

    private static String errorText(LabCell c) {
        if (c.errors() == 0) return "0";
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d (", c.errors()));
        List<String> parts = new ArrayList<>();
        c.load().errors().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d", k, v)));
        return b.append(String.join(", ", parts)).append(')').toString();
    }

    private static String countText(LabCell c) {
        if (c.serverRequests() < 0) return "n/a";
        return String.format(Locale.ROOT, "%,d / %,d %s", c.serverRequests(), c.load().completed(),
                c.countsMatch() ? "✓" : "✗ (sent " + c.load().sent() + ")");
    }

    private static String threadText(LabCell c) {
        if (c.platformThreads() < 0) return "n/a";
        return c.platformThreads() + " / " + c.virtualThreads() + " / " + c.carriers();
    }

    // ---- choosing cells ----------------------------------------------------------------------------------

    /** The smallest core count a workload was measured at: its charts are drawn there. */
    private int baseCores(String workload) {
        return cells.stream().filter(c -> c.workload().equals(workload) && c.ok()).mapToInt(LabCell::cores).min()
                .orElse(0);
    }

    /** The cell at this point: the median of its repetitions by successful requests/s, or null. */
    private LabCell at(String target, String workload, int connections, int cores) {
        List<LabCell> reps = cells.stream().filter(c -> c.ok() && c.target().equals(target)
                        && c.workload().equals(workload) && c.connections() == connections && c.cores() == cores)
                .sorted(java.util.Comparator.comparingDouble(LabCell::requestsPerSecond)).toList();
        return reps.isEmpty() ? null : reps.get((reps.size() - 1) / 2);
    }

    private List<Integer> levelsOf(String workload, int cores) {
        return cells.stream().filter(c -> c.workload().equals(workload) && c.cores() == cores)
                .map(LabCell::connections).distinct().sorted().toList();
    }

    private List<String> targetsOf(String workload) {
        return cells.stream().filter(c -> c.workload().equals(workload)).map(LabCell::target).distinct().toList();
    }

    private static List<String> levelLabels(List<Integer> levels) {
        return levels.stream().map(l -> String.format(Locale.ROOT, "%,d", l)).toList();
    }

    /** One series per target over {@code levels}, at {@code cores}; a missing cell is a gap. */
    private List<SvgChart.Series> series(List<String> targets, String workload, List<Integer> levels, int cores,
                                         ToDoubleFunction<LabCell> value) {
        List<SvgChart.Series> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            double[] v = new double[levels.size()];
            for (int li = 0; li < v.length; li++) {
                LabCell c = at(targets.get(i), workload, levels.get(li), cores);
                v[li] = c == null ? Double.NaN : value.applyAsDouble(c);
            }
            out.add(new SvgChart.Series(targets.get(i), SvgChart.PALETTE[i % SvgChart.PALETTE.length], v));
        }
        return out;
    }

    private double[] perTarget(List<String> targets, String workload, int level, int cores,
                               ToDoubleFunction<LabCell> value) {
        double[] v = new double[targets.size()];
        for (int i = 0; i < v.length; i++) {
            LabCell c = at(targets.get(i), workload, level, cores);
            v[i] = c == null ? Double.NaN : value.applyAsDouble(c);
        }
        return v;
    }

    // ---- HTML ------------------------------------------------------------------------------------------

    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Barista model lab</title><style>").append(CSS).append("</style></head><body>");
        b.append("<header><h1>Barista model lab</h1><p class=\"sub\">Seven concurrency models, one codec, one handler "
                + "API — measured side by side on the same machine under the same load.</p>");
        b.append("<dl class=\"machine\">");
        item(b, "Machine", String.format(Locale.ROOT, "%s, %d cores, %.1f GB", machine.cpu(), machine.cores(), machine.memoryGb()));
        item(b, "Kernel", machine.kernel());
        item(b, "JDK", machine.jdk());
        item(b, "Commits", String.join(", ", cells.stream().map(LabReport::commit).distinct().toList())
                + " (each cell's own is in the table)");
        item(b, "Cells ended", cells.stream().map(LabReport::ended).filter(d -> !d.equals("?")).min(String::compareTo)
                .orElse("?") + " to " + cells.stream().map(LabReport::ended).filter(d -> !d.equals("?"))
                .max(String::compareTo).orElse("?"));
        item(b, "CPUs", "each cell's own (the table); by default " + machine.pinning());
        item(b, "Per cell", "warm-up, then a measured window (each cell's own lengths are in results.json), closed "
                + "loop, a fresh server process per cell");
        b.append("<dt>Last command</dt><dd><code>").append(esc(machine.command())).append("</code></dd></dl></header><main>");
        claimsSection(b);
        for (Workload w : config.workloads()) {
            if (w == Workload.MIXED) {
                mixedSection(b);
            } else if (w == Workload.CONNECT) {
                connectSection(b);
            } else if (w.isSearch() && w != Workload.SEARCH) {
                if (w == firstStyleWorkload()) searchStylesSection(b);
            } else {
                workloadSection(b, w);
            }
        }
        coresSection(b);
        repeatsSection(b);
        b.append("<section><h2>Every cell</h2><p class=\"hint\"><em>Ok req/s</em>: successful responses (status below 400) per second of the measured "
                + "window; latency percentiles are theirs. Errors count the whole run, warm-up included. "
                + "<em>Server counted / load completed</em>: the server's <code>/stats</code> request delta "
                + "(requests, plus connections refused with a 503, minus the lab's own /stats calls) against the responses the load generator received; ✓ means "
                + "completed ≤ counted ≤ sent. Threads are sampled at 80% of the measured window. <em>Other CPU</em>: the "
                + "share of the whole machine's CPU that processes other than the lab and its server used during the "
                + "window (from /proc/stat); above 10% the cell shared its CPUs with other work (a noisy cell). "
                + "<em>Fast / slow</em>: the mixed workload's two classes. <em>Commit, ended</em>: where each cell "
                + "came from (its command is in results.json).</p>");
        table(b);
        b.append("</section></main><footer>Generated by <code>barista lab</code>. Charts are inline SVG; this page "
                + "needs no network.</footer></body></html>");
        return b.toString();
    }

    private Workload firstStyleWorkload() {
        return config.workloads().stream().filter(w -> w.isSearch() && w != Workload.SEARCH).findFirst().orElse(null);
    }

    private static void item(StringBuilder b, String k, String v) {
        b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>");
    }

    private void claimsSection(StringBuilder b) {
        b.append("<section><h2>The chapter's claims</h2><p class=\"hint\">Each verdict is computed from the cells "
                + "by the rule under it (holds / does not hold / inconclusive); the cells are taken at the smallest "
                + "core count measured, a repeated cell by its median repetition.</p><table class=\"claims\"><thead><tr>"
                + "<th>claim</th><th>verdict</th><th>what the cells show</th></tr></thead><tbody>");
        for (LabClaims.Claim c : claims) {
            String cls = switch (c.verdict()) {
                case HOLDS -> "holds";
                case DOES_NOT_HOLD -> "fails";
                case INCONCLUSIVE -> "unsure";
            };
            b.append("<tr><td class=\"claim\">").append(esc(c.claim())).append("<div class=\"rule\">Rule: ")
                    .append(esc(c.rule())).append("</div></td><td><span class=\"verdict ").append(cls).append("\">")
                    .append(esc(c.verdict().text())).append("</span></td><td class=\"finding\">").append(esc(c.finding()))
                    .append("<div class=\"rule\">Cells: ").append(esc(c.cells().isEmpty() ? "none"
                            : String.join("; ", c.cells()))).append("</div></td></tr>");
        }
        b.append("</tbody></table>");
        if (fork != null) {
            b.append("<p class=\"hint\">Native process creation, measured beside the cells: ").append(esc(fork.describe()))
                    .append(".</p>");
        }
        b.append("</section>");
    }

    private void workloadSection(StringBuilder b, Workload w) {
        List<LabCell> mine = cells.stream().filter(c -> c.workload().equals(w.label())).toList();
        b.append("<section><h2>").append(esc(w.label())).append("</h2><p class=\"hint\">").append(esc(w.description()))
                .append("</p>");
        if (mine.stream().noneMatch(LabCell::ok)) {
            String why = mine.isEmpty() ? "not run" : mine.getFirst().note();
            b.append("<p class=\"na\">No measurements: ").append(esc(why)).append(".</p></section>");
            return;
        }
        int cores = baseCores(w.label());
        List<Integer> levels = levelsOf(w.label(), cores);
        List<String> labels = levelLabels(levels);
        List<String> targets = targetsOf(w.label());
        String at = String.format(Locale.ROOT, " (%d core%s)", cores, cores == 1 ? "" : "s");
        b.append("<div class=\"grid\">");
        chart(b, SvgChart.lines(w.label() + ": throughput" + at, "successful requests/s", labels,
                series(targets, w.label(), levels, cores, LabCell::requestsPerSecond), false));
        chart(b, SvgChart.lines(w.label() + ": p99 latency" + at, "ms (log)", labels,
                series(targets, w.label(), levels, cores, c -> c.load().latency().p99()), true));
        chart(b, SvgChart.lines(w.label() + ": errors" + at, "errors in the run", labels,
                series(targets, w.label(), levels, cores, c -> c.errors()), false));
        List<SvgChart.Series> rss = new ArrayList<>();
        List<SvgChart.Series> threads = new ArrayList<>();
        for (int li = 0; li < levels.size(); li++) {
            String color = SvgChart.PALETTE[(li * 3) % SvgChart.PALETTE.length];
            rss.add(new SvgChart.Series(labels.get(li) + " conns", color,
                    perTarget(targets, w.label(), levels.get(li), cores, LabCell::rssMb)));
            threads.add(new SvgChart.Series(labels.get(li) + " conns", color,
                    perTarget(targets, w.label(), levels.get(li), cores, c -> c.osThreads())));
        }
        chart(b, SvgChart.bars(w.label() + ": server memory (RSS)", "MB", targets, rss));
        chart(b, SvgChart.bars(w.label() + ": server OS threads", "threads", targets, threads));
        b.append("</div></section>");
    }

    /** Mostly fast, a share slow, on the same connections: the fast class's latency is the point. */
    private void mixedSection(StringBuilder b) {
        String label = Workload.MIXED.label();
        b.append("<section><h2>mixed: does a slow request delay the fast ones?</h2><p class=\"hint\">")
                .append(esc(Workload.MIXED.description())).append(". Where the loop runs handlers inline "
                        + "(event-loop), every fast request behind a slow one waits for it; where slow handlers go to "
                        + "a worker (reactor, prefork) or each connection has its own thread, they do not.</p>");
        if (cells.stream().noneMatch(c -> c.ok() && c.workload().equals(label))) {
            b.append("<p class=\"na\">No measurements.</p></section>");
            return;
        }
        int cores = baseCores(label);
        List<Integer> levels = levelsOf(label, cores);
        List<String> labels = levelLabels(levels);
        List<String> targets = targetsOf(label);
        b.append("<div class=\"grid\">");
        chart(b, SvgChart.lines("mixed: fast requests' p99", "ms (log)", labels,
                series(targets, label, levels, cores, LabClaims::fastP99), true));
        chart(b, SvgChart.lines("mixed: slow requests' p99", "ms (log)", labels,
                series(targets, label, levels, cores, LabClaims::slowP99), true));
        chart(b, SvgChart.lines("mixed: fast requests/s", "successful fast requests/s", labels,
                series(targets, label, levels, cores, c -> classRate(c, RequestMix.FAST)), false));
        int top = levels.getLast();
        List<SvgChart.Series> bars = List.of(
                new SvgChart.Series("fast p50", SvgChart.PALETTE[0], perTarget(targets, label, top, cores,
                        c -> classLatency(c, RequestMix.FAST, false))),
                new SvgChart.Series("fast p99", SvgChart.PALETTE[1], perTarget(targets, label, top, cores,
                        LabClaims::fastP99)),
                new SvgChart.Series("slow p50", SvgChart.PALETTE[2], perTarget(targets, label, top, cores,
                        c -> classLatency(c, RequestMix.SLOW, false))),
                new SvgChart.Series("slow p99", SvgChart.PALETTE[3], perTarget(targets, label, top, cores,
                        LabClaims::slowP99)));
        chart(b, SvgChart.bars(String.format(Locale.ROOT, "mixed at %,d connections: fast vs slow", top), "ms",
                targets, bars));
        b.append("</div></section>");
    }

    private static double classRate(LabCell c, String name) {
        var k = c.load().requestClass(name);
        return k == null ? Double.NaN : k.okPerSecond();
    }

    private static double classLatency(LabCell c, String name, boolean p99) {
        var k = c.load().requestClass(name);
        return k == null || k.okRequests() == 0 ? Double.NaN : p99 ? k.latency().p99() : k.latency().p50();
    }

    /** The search in four styles and two plans, with Little's bound and the blocking style's worker cap. */
    private void searchStylesSection(StringBuilder b) {
        b.append("<section><h2>search: four call styles</h2><p class=\"hint\">GET /search on the shop gateway, "
                + "backends answering in " + Workload.BACKEND_MILLIS + " ms. By Little's law a closed loop of N "
                + "connections does at most N / (backend latency) searches per second: 60 ms for the chain (user, "
                + "then products, then stock), 40 ms for the concurrent plan (user and products at once, then stock). "
                + "The blocking style holds a worker for the whole search, so it is capped at workers / latency "
                + "too. Both limits are the dashed lines.</p><div class=\"grid\">");
        for (String plan : List.of("chain", "concurrent")) {
            List<Workload> styles = config.workloads().stream().filter(w -> plan.equals(w.searchPlan())
                    && w != Workload.SEARCH).toList();
            if (styles.isEmpty()) continue;
            int cores = styles.stream().mapToInt(w -> baseCores(w.label())).filter(n -> n > 0).min().orElse(0);
            List<Integer> levels = styles.stream().flatMap(w -> levelsOf(w.label(), cores).stream()).distinct()
                    .sorted().toList();
            if (levels.isEmpty()) continue;
            double latency = styles.getFirst().backendChainSeconds();
            List<SvgChart.Series> series = new ArrayList<>();
            int workers = 0;
            for (int i = 0; i < styles.size(); i++) {
                Workload w = styles.get(i);
                String target = targetsOf(w.label()).getFirst();
                double[] v = new double[levels.size()];
                for (int li = 0; li < v.length; li++) {
                    LabCell c = at(target, w.label(), levels.get(li), cores);
                    v[li] = c == null ? Double.NaN : c.requestsPerSecond();
                    if (c != null && c.workers() > 0) workers = c.workers();
                }
                series.add(new SvgChart.Series(w.searchStyle(), SvgChart.PALETTE[i % SvgChart.PALETTE.length], v));
            }
            double[] bound = levels.stream().mapToDouble(n -> n / latency).toArray();
            series.add(new SvgChart.Series(String.format(Locale.ROOT, "N / %.0f ms", latency * 1000),
                    SvgChart.REFERENCE, bound, true));
            if (workers > 0) {
                int w = workers;
                double[] cap = levels.stream().mapToDouble(n -> Math.min(n, w) / latency).toArray();
                series.add(new SvgChart.Series(String.format(Locale.ROOT, "%d workers / %.0f ms", w, latency * 1000),
                        SvgChart.REFERENCE, cap, true));
            }
            String title = String.format(Locale.ROOT, "search, %s plan: searches/s (%d core%s, %s)", plan, cores,
                    cores == 1 ? "" : "s", targetsOf(styles.getFirst().label()).getFirst());
            chart(b, SvgChart.lines(title, "successful searches/s (log)", levelLabels(levels), series, true));
            List<String> names = styles.stream().map(Workload::searchStyle).toList();
            List<SvgChart.Series> latencyBars = new ArrayList<>();
            for (int li = 0; li < levels.size(); li++) {
                double[] v = new double[styles.size()];
                for (int i = 0; i < v.length; i++) {
                    LabCell c = at(targetsOf(styles.get(i).label()).getFirst(), styles.get(i).label(), levels.get(li), cores);
                    v[i] = c == null ? Double.NaN : c.load().latency().p50();
                }
                latencyBars.add(new SvgChart.Series(levelLabels(levels).get(li) + " conns",
                        SvgChart.PALETTE[(li * 3) % SvgChart.PALETTE.length], v));
            }
            chart(b, SvgChart.bars("search, " + plan + " plan: p50 latency", "ms", names, latencyBars));
        }
        b.append("</div></section>");
    }

    /** A new connection per request: what a connection costs each model, process-per-connection above all. */
    private void connectSection(StringBuilder b) {
        String label = Workload.CONNECT.label();
        b.append("<section><h2>connect: a new connection per request</h2><p class=\"hint\">")
                .append(esc(Workload.CONNECT.description())).append(". Under process-per-connection every "
                        + "connection waits for a child JVM: its latency is the time from accept to the first byte "
                        + "of the answer, start-up included; <em>/no-archive</em> is the same model with the "
                        + "children's startup archive (AOT cache) turned off.");
        if (fork != null) b.append(" For scale, a native process: ").append(esc(fork.describe())).append('.');
        b.append("</p>");
        if (cells.stream().noneMatch(c -> c.ok() && c.workload().equals(label))) {
            b.append("<p class=\"na\">No measurements.</p></section>");
            return;
        }
        int cores = baseCores(label);
        List<Integer> levels = levelsOf(label, cores);
        List<String> targets = targetsOf(label);
        b.append("<div class=\"grid\">");
        List<SvgChart.Series> rate = new ArrayList<>();
        List<SvgChart.Series> p50 = new ArrayList<>();
        for (int li = 0; li < levels.size(); li++) {
            String color = SvgChart.PALETTE[(li * 3) % SvgChart.PALETTE.length];
            String name = levelLabels(levels).get(li) + " conns";
            rate.add(new SvgChart.Series(name, color, perTarget(targets, label, levels.get(li), cores,
                    LabCell::requestsPerSecond)));
            p50.add(new SvgChart.Series(name, color, perTarget(targets, label, levels.get(li), cores,
                    c -> c.load().latency().p50())));
        }
        chart(b, SvgChart.bars("connect: connections served/s", "connections/s", targets, rate));
        chart(b, SvgChart.bars("connect: p50, connect to response", "ms", targets, p50));
        b.append("</div></section>");
    }

    /** Throughput against the server's core count, for every workload measured at more than one. */
    private void coresSection(StringBuilder b) {
        List<Integer> coreCounts = cells.stream().filter(LabCell::ok).map(LabCell::cores).distinct().sorted().toList();
        if (coreCounts.size() < 2) return;
        b.append("<section><h2>cores</h2><p class=\"hint\">The same cells with the server pinned to, and sized for, "
                + "1, 2, ... cores (N loops, max(16, 8N) workers, N carriers, N prefork workers). Where the server "
                + "has every core of the machine the load generator shares them: those points measure the machine, "
                + "not the server alone (the table's CPUs column says which).</p><div class=\"grid\">");
        for (Workload w : config.workloads()) {
            List<LabCell> mine = cells.stream().filter(c -> c.ok() && c.workload().equals(w.label())).toList();
            List<Integer> cs = mine.stream().map(LabCell::cores).distinct().sorted().toList();
            if (cs.size() < 2) continue;
            List<String> targets = mine.stream().map(LabCell::target).distinct().toList();
            for (int level : mine.stream().map(LabCell::connections).distinct().sorted().toList()) {
                List<SvgChart.Series> series = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    double[] v = new double[cs.size()];
                    for (int ci = 0; ci < v.length; ci++) {
                        LabCell c = at(targets.get(i), w.label(), level, cs.get(ci));
                        v[ci] = c == null ? Double.NaN : c.requestsPerSecond();
                    }
                    series.add(new SvgChart.Series(targets.get(i), SvgChart.PALETTE[i % SvgChart.PALETTE.length], v));
                }
                if (series.stream().allMatch(s -> java.util.Arrays.stream(s.values()).filter(x -> !Double.isNaN(x)).count() < 2)) {
                    continue;
                }
                List<String> xs = cs.stream().map(n -> n + (sharedAt(w.label(), n) ? " (shared)" : "")).toList();
                chart(b, SvgChart.lines(String.format(Locale.ROOT, "%s at %,d connections, by cores", w.label(), level),
                        "successful requests/s", "server cores", xs, series, false));
            }
        }
        b.append("</div></section>");
    }

    private boolean sharedAt(String workload, int cores) {
        return cells.stream().anyMatch(c -> c.workload().equals(workload) && c.cores() == cores && c.cpus() != null
                && c.cpus().contains("SHARED"));
    }

    /** Cells run more than once: every repetition, so the spread (the noise) is in plain view. */
    private void repeatsSection(StringBuilder b) {
        Map<String, List<LabCell>> groups = new LinkedHashMap<>();
        for (LabCell c : cells) {
            if (!c.ok()) continue;
            String key = String.format(Locale.ROOT, "%s %s c=%,d %d core%s", c.target(), c.workload(), c.connections(),
                    c.cores(), c.cores() == 1 ? "" : "s");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        groups.values().removeIf(g -> g.size() < 2);
        if (groups.isEmpty()) return;
        b.append("<section><h2>repeated cells</h2><p class=\"hint\">Cells measured more than once (in separate "
                + "rounds, or in separate runs): each repetition's successful requests/s, p99 and the share of the "
                + "machine other work used meanwhile. The spread is the noise any comparison between these cells "
                + "must exceed.</p><div class=\"scroll\"><table><thead><tr><th>cell</th><th>ok req/s per repetition</th>"
                + "<th>min–max</th><th>p99 ms</th><th>other CPU</th><th>ended</th></tr></thead><tbody>");
        groups.forEach((key, g) -> {
            java.util.DoubleSummaryStatistics s = g.stream().mapToDouble(LabCell::requestsPerSecond).summaryStatistics();
            b.append("<tr>").append(td(key, "name"))
                    .append(td(String.join(" / ", g.stream().map(c -> String.format(Locale.ROOT, "%,.0f", c.requestsPerSecond())).toList()), "num"))
                    .append(td(String.format(Locale.ROOT, "%,.0f–%,.0f (%.1f×)", s.getMin(), s.getMax(),
                            s.getMin() > 0 ? s.getMax() / s.getMin() : Double.NaN), "num"))
                    .append(td(String.join(" / ", g.stream().map(c -> String.format(Locale.ROOT, "%.1f", c.load().latency().p99())).toList()), "num"))
                    .append(td(String.join(" / ", g.stream().map(c -> String.format(Locale.ROOT, "%.0f%%", c.otherCpuPercent())).toList()), "num"))
                    .append(td(String.join(" / ", g.stream().map(LabReport::ended).toList()), ""))
                    .append("</tr>");
        });
        b.append("</tbody></table></div></section>");
    }

    private static void chart(StringBuilder b, String svg) {
        b.append("<figure>").append(svg).append("</figure>");
    }

    private void table(StringBuilder b) {
        b.append("<div class=\"scroll\"><table><thead><tr><th>server</th><th>workload</th><th>conns</th><th>cores</th>"
                + "<th>rep</th><th>ok req/s</th><th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>fast p50 / p99</th>"
                + "<th>slow p50 / p99</th><th>errors</th><th>server counted / load completed</th>"
                + "<th>RSS MB</th><th>OS threads</th><th>platform / virtual / carriers</th><th>procs</th><th>CPU s (% of a core)</th>"
                + "<th>other CPU</th><th>commit</th><th>ended</th></tr></thead><tbody>");
        for (LabCell c : cells) {
            b.append("<tr>").append(td(c.target(), "name")).append(td(c.workload(), ""))
                    .append(td(String.format(Locale.ROOT, "%,d", c.connections()), "num"))
                    .append(td(Integer.toString(c.cores()), "num")).append(td(Integer.toString(c.repetition()), "num"));
            if (!c.ok()) {
                b.append("<td colspan=\"14\" class=\"na\">").append(esc(c.note())).append("</td>")
                        .append(td(commit(c), "")).append(td(ended(c), "")).append("</tr>");
                continue;
            }
            var l = c.load().latency();
            b.append(td(String.format(Locale.ROOT, "%,.0f", c.requestsPerSecond()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p50()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p99()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p999()), "num"))
                    .append(td(classText(c, RequestMix.FAST), "num"))
                    .append(td(classText(c, RequestMix.SLOW), "num"))
                    .append(td(errorText(c), c.errors() > 0 ? "warn" : ""))
                    .append(td(countText(c), c.serverRequests() >= 0 && !c.countsMatch() ? "bad" : ""))
                    .append(td(String.format(Locale.ROOT, "%.0f", c.rssMb()), "num"))
                    .append(td(Integer.toString(c.osThreads()), "num"))
                    .append(td(threadText(c), "num"))
                    .append(td(Integer.toString(c.processes()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.1f (%.0f%%)", c.cpuSeconds(), c.cpuPercent()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.0f%%", c.otherCpuPercent()), c.otherCpuPercent() > 10 ? "num warn" : "num"))
                    .append(td(commit(c), "")).append(td(ended(c), ""))
                    .append("</tr>");
            String note = cellNote(c);
            if (c.cpus() != null && c.cpus().contains("SHARED")) note = note.isEmpty() ? c.cpus() : note + "; " + c.cpus();
            if (!note.isEmpty()) {
                b.append("<tr class=\"note\"><td></td><td colspan=\"20\">").append(esc(note)).append("</td></tr>");
            }
        }
        b.append("</tbody></table></div>");
    }

    /** What limited a cell, in words: connect failures by cause, connections never made, server closes. */
    static String cellNote(LabCell c) {
        List<String> parts = new ArrayList<>();
        var l = c.load();
        l.connectFailures().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%,d connects failed: %s", v, k)));
        if (l.unconnectedAtEnd() > 0) {
            parts.add(String.format(Locale.ROOT, "%,d of %,d connections not established at the end",
                    l.unconnectedAtEnd(), l.connections()));
        }
        if (l.serverCloses() > 0) parts.add(String.format(Locale.ROOT, "the server closed %,d connections", l.serverCloses()));
        if (l.sent() > l.completed()) {
            parts.add(String.format(Locale.ROOT, "%,d requests sent but not answered", l.sent() - l.completed()));
        }
        for (String limit : l.limits()) if (!limit.startsWith("E")) parts.add(limit);
        return String.join("; ", parts);
    }

    private static String td(String s, String cls) {
        return (cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">") + esc(s) + "</td>";
    }

    private static final String CSS = """
            :root{--ink:#111827;--mute:#6b7280;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;--accent:#92400e}
            *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
            header{background:linear-gradient(135deg,#3b2314,#92400e);color:#fff;padding:28px 40px}
            h1{margin:0;font-size:30px;letter-spacing:-.5px}.sub{margin:4px 0 18px;opacity:.85}
            .machine{display:grid;grid-template-columns:max-content 1fr;gap:2px 18px;margin:0;font-size:13px}
            .machine dt{opacity:.7}.machine dd{margin:0}.machine code{background:rgba(255,255,255,.12);padding:1px 6px;border-radius:4px}
            main{padding:10px 40px 30px;max-width:1500px}
            section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 22px;margin:22px 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}
            h2{margin:0 0 2px;font-size:20px;text-transform:capitalize;color:var(--accent)}.hint{color:var(--mute);margin:0 0 12px;font-size:13px}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:14px}
            figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:6px;background:#fff}svg{width:100%;height:auto;display:block}
            .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:12.5px;width:100%}
            th{position:sticky;top:0;background:#f3f4f6;text-align:left;padding:6px 8px;border-bottom:2px solid var(--line);white-space:nowrap}
            td{padding:5px 8px;border-bottom:1px solid var(--line);white-space:nowrap}td.num{text-align:right;font-variant-numeric:tabular-nums}
            td.name{font-weight:600}td.warn{color:#b45309}td.bad{color:#b91c1c;font-weight:600}td.na,.na{color:var(--mute);font-style:italic}
            tr.note td{color:var(--mute);font-size:11.5px;border-bottom:1px solid var(--line);white-space:normal}
            footer{color:var(--mute);font-size:12px;padding:0 40px 30px}
            table.claims td{white-space:normal;vertical-align:top}td.claim{font-weight:600;width:34%}td.finding{font-size:12.5px}
            .rule{font-weight:400;color:var(--mute);font-size:11.5px;margin-top:4px}
            .verdict{display:inline-block;padding:2px 9px;border-radius:10px;font-weight:600;font-size:12px;white-space:nowrap}
            .verdict.holds{background:#dcfce7;color:#166534}.verdict.fails{background:#fee2e2;color:#991b1b}.verdict.unsure{background:#fef3c7;color:#92400e}
            """;
}
