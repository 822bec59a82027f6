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

import static dev.barista.load.lab.SvgChart.esc;

/**
 * Writes a lab's cells as {@code report.html} (self-contained: inline SVG charts and CSS, nothing fetched),
 * {@code report.md} (the table) and {@code results.json} (everything, for scripts).
 */
public final class LabReport {
    private final LabConfig config;
    private final MachineInfo machine;
    private final List<LabCell> cells;

    public LabReport(LabConfig config, MachineInfo machine, List<LabCell> cells) {
        this.config = config;
        this.machine = machine;
        this.cells = List.copyOf(cells);
    }

    /**
     * Renders report.html and report.md again from a lab's results.json (after the report's look changed, or to
     * re-render an old run): the cells, the machine and the timings all come from the JSON.
     */
    public static void rerender(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        var root = json.readTree(dir.resolve("results.json").toFile());
        MachineInfo machine = json.treeToValue(root.path("machine"), MachineInfo.class);
        List<LabCell> cells = new ArrayList<>();
        for (var c : root.path("cells")) cells.add(json.treeToValue(c, LabCell.class));
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
        LabConfig config = new LabConfig(targets, workloads, levels,
                java.time.Duration.ofMillis((long) (root.path("warmup_seconds").asDouble() * 1000)),
                java.time.Duration.ofMillis((long) (root.path("duration_seconds").asDouble() * 1000)),
                java.time.Duration.ofSeconds(5), false, 0, dir, machine.command());
        LabReport report = new LabReport(config, machine, cells);
        Files.writeString(dir.resolve("report.html"), report.html());
        Files.writeString(dir.resolve("report.md"), report.markdown());
    }

    public static MachineInfo machine(LabConfig config, Lab lab) {
        return MachineInfo.here(config.command(), lab.cpus());
    }

    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.html"), html());
        Files.writeString(dir.resolve("report.md"), markdown());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", machine);
        json.put("warmup_seconds", config.warmup().toMillis() / 1000.0);
        json.put("duration_seconds", config.duration().toMillis() / 1000.0);
        json.put("cells", cells);
        new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json);
    }

    // ---- Markdown --------------------------------------------------------------------------------------

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| server | workload | connections | ok req/s | p50 ms | p99 ms | p99.9 ms | errors | server counted / load completed | RSS MB | OS threads | platform / virtual / carriers | processes | CPU s | other CPU % |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|---|---:|---:|---:|\n");
        for (LabCell c : cells) {
            if (c.status() != LabCell.Status.OK) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s ||||||||||||%n", c.target(), c.workload(),
                        c.connections(), c.note().replace("|", "/")));
                continue;
            }
            var l = c.load().latency();
            b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %.2f | %.2f | %.2f | %s | %s | %.0f | %d | %s | %d | %.1f | %.0f |%n",
                    c.target(), c.workload(), c.connections(), c.requestsPerSecond(), l.p50(), l.p99(), l.p999(),
                    errorText(c), countText(c), c.rssMb(), c.osThreads(), threadText(c), c.processes(), c.cpuSeconds(),
                    c.otherCpuPercent()));
        }
        List<String> notes = new ArrayList<>();
        for (LabCell c : cells) {
            String note = c.status() == LabCell.Status.OK ? cellNote(c) : "";
            if (!note.isEmpty()) notes.add(String.format(Locale.ROOT, "- %s, %s, %,d connections: %s", c.target(),
                    c.workload(), c.connections(), note));
        }
        if (!notes.isEmpty()) b.append("\nNotes:\n\n").append(String.join("\n", notes)).append('\n');
        return b.toString();
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
        item(b, "Commit", machine.commit());
        item(b, "Date", machine.date());
        item(b, "CPUs", machine.pinning());
        item(b, "Per cell", String.format(Locale.ROOT, "%.0f s warm-up, %.0f s measured, closed loop, a fresh server "
                + "process per cell", config.warmup().toMillis() / 1000.0, config.duration().toMillis() / 1000.0));
        b.append("<dt>Command</dt><dd><code>").append(esc(machine.command())).append("</code></dd></dl></header><main>");
        for (Workload w : config.workloads()) workloadSection(b, w);
        b.append("<section><h2>Every cell</h2><p class=\"hint\"><em>Ok req/s</em>: successful responses (status below 400) per second of the measured "
                + "window; latency percentiles are theirs. Errors count the whole run, warm-up included. "
                + "<em>Server counted / load completed</em>: the server's <code>/stats</code> request delta "
                + "(requests, plus connections refused with a 503, minus the lab's own /stats calls) against the responses the load generator received; ✓ means "
                + "completed ≤ counted ≤ sent. Threads are sampled at 80% of the measured window. <em>Other CPU</em>: the "
                + "share of the whole machine's CPU that processes other than the lab and its server used during the "
                + "window (from /proc/stat); above 10% the cell shared its CPUs with other work (a noisy cell).</p>");
        table(b);
        b.append("</section></main><footer>Generated by <code>barista lab</code>. Charts are inline SVG; this page "
                + "needs no network.</footer></body></html>");
        return b.toString();
    }

    private static void item(StringBuilder b, String k, String v) {
        b.append("<dt>").append(esc(k)).append("</dt><dd>").append(esc(v)).append("</dd>");
    }

    private void workloadSection(StringBuilder b, Workload w) {
        List<LabCell> mine = cells.stream().filter(c -> c.workload().equals(w.label())).toList();
        b.append("<section><h2>").append(esc(w.label())).append("</h2><p class=\"hint\">").append(esc(w.description()))
                .append("</p>");
        if (mine.stream().noneMatch(c -> c.status() == LabCell.Status.OK)) {
            String why = mine.isEmpty() ? "not run" : mine.getFirst().note();
            b.append("<p class=\"na\">No measurements: ").append(esc(why)).append(".</p></section>");
            return;
        }
        List<String> levels = config.levels().stream().map(l -> String.format(Locale.ROOT, "%,d", l)).toList();
        List<String> targets = mine.stream().map(LabCell::target).distinct().toList();
        b.append("<div class=\"grid\">");
        chart(b, SvgChart.lines(w.label() + ": throughput", "successful requests/s", levels,
                series(targets, mine, LabCell::requestsPerSecond), false));
        chart(b, SvgChart.lines(w.label() + ": p99 latency", "ms (log)", levels,
                series(targets, mine, c -> c.load().latency().p99()), true));
        chart(b, SvgChart.lines(w.label() + ": errors", "errors in the run", levels,
                series(targets, mine, c -> c.errors()), false));
        List<SvgChart.Series> rss = new ArrayList<>();
        List<SvgChart.Series> threads = new ArrayList<>();
        for (int li = 0; li < config.levels().size(); li++) {
            int level = config.levels().get(li);
            String color = SvgChart.PALETTE[(li * 3) % SvgChart.PALETTE.length];
            rss.add(new SvgChart.Series(levels.get(li) + " conns", color, perTarget(targets, mine, level, LabCell::rssMb)));
            threads.add(new SvgChart.Series(levels.get(li) + " conns", color,
                    perTarget(targets, mine, level, c -> c.osThreads())));
        }
        chart(b, SvgChart.bars(w.label() + ": server memory (RSS)", "MB", targets, rss));
        chart(b, SvgChart.bars(w.label() + ": server OS threads", "threads", targets, threads));
        b.append("</div></section>");
    }

    private static void chart(StringBuilder b, String svg) {
        b.append("<figure>").append(svg).append("</figure>");
    }

    private List<SvgChart.Series> series(List<String> targets, List<LabCell> mine, ToDoubleFunction<LabCell> value) {
        List<SvgChart.Series> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String t = targets.get(i);
            double[] v = new double[config.levels().size()];
            for (int li = 0; li < v.length; li++) {
                int level = config.levels().get(li);
                v[li] = mine.stream().filter(c -> c.target().equals(t) && c.connections() == level
                        && c.status() == LabCell.Status.OK).mapToDouble(value).findFirst().orElse(Double.NaN);
            }
            out.add(new SvgChart.Series(t, SvgChart.PALETTE[i % SvgChart.PALETTE.length], v));
        }
        return out;
    }

    private static double[] perTarget(List<String> targets, List<LabCell> mine, int level, ToDoubleFunction<LabCell> value) {
        double[] v = new double[targets.size()];
        for (int i = 0; i < v.length; i++) {
            String t = targets.get(i);
            v[i] = mine.stream().filter(c -> c.target().equals(t) && c.connections() == level
                    && c.status() == LabCell.Status.OK).mapToDouble(value).findFirst().orElse(Double.NaN);
        }
        return v;
    }

    private void table(StringBuilder b) {
        b.append("<div class=\"scroll\"><table><thead><tr><th>server</th><th>workload</th><th>conns</th><th>ok req/s</th>"
                + "<th>p50 ms</th><th>p99 ms</th><th>p99.9 ms</th><th>errors</th><th>server counted / load completed</th>"
                + "<th>RSS MB</th><th>OS threads</th><th>platform / virtual / carriers</th><th>procs</th><th>CPU s (% of a core)</th><th>other CPU</th></tr></thead><tbody>");
        for (LabCell c : cells) {
            b.append("<tr>").append(td(c.target(), "name")).append(td(c.workload(), "")).append(td(String.format(Locale.ROOT, "%,d", c.connections()), "num"));
            if (c.status() != LabCell.Status.OK) {
                b.append("<td colspan=\"12\" class=\"na\">").append(esc(c.note())).append("</td></tr>");
                continue;
            }
            var l = c.load().latency();
            b.append(td(String.format(Locale.ROOT, "%,.0f", c.requestsPerSecond()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p50()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p99()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.2f", l.p999()), "num"))
                    .append(td(errorText(c), c.errors() > 0 ? "warn" : ""))
                    .append(td(countText(c), c.serverRequests() >= 0 && !c.countsMatch() ? "bad" : ""))
                    .append(td(String.format(Locale.ROOT, "%.0f", c.rssMb()), "num"))
                    .append(td(Integer.toString(c.osThreads()), "num"))
                    .append(td(threadText(c), "num"))
                    .append(td(Integer.toString(c.processes()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.1f (%.0f%%)", c.cpuSeconds(), c.cpuPercent()), "num"))
                    .append(td(String.format(Locale.ROOT, "%.0f%%", c.otherCpuPercent()), c.otherCpuPercent() > 10 ? "num warn" : "num"))
                    .append("</tr>");
            String note = cellNote(c);
            if (!note.isEmpty()) {
                b.append("<tr class=\"note\"><td></td><td colspan=\"14\">").append(esc(note)).append("</td></tr>");
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
            """;
}
