package dev.barista.load.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of synthetic cells: its claims, the new sections and their charts, and a JSON that reads back. */
class LabReportTest {

    private static List<LabCell> cells() {
        List<LabCell> all = new ArrayList<>();
        for (int n : new int[]{100, 1000}) {
            all.add(new LabClaimsTest.Cell("reactor", "mixed", n).fast(0.5, 2).slow(30, 50).build());
            all.add(new LabClaimsTest.Cell("event-loop", "mixed", n).fast(40, 90).slow(45, 95).build());
            for (String w : List.of("search-blocking-chain", "search-callbacks-chain", "search-futures-chain",
                    "search-coroutines-chain")) {
                all.add(new LabClaimsTest.Cell("reactor", w, n).rate(w.contains("blocking") ? 250 : 1500).build());
            }
        }
        LabClaimsTest.Cell twoCores = new LabClaimsTest.Cell("reactor", "plaintext", 100).rate(150_000);
        twoCores.cores = 2;
        all.add(new LabClaimsTest.Cell("reactor", "plaintext", 100).rate(90_000).build());
        all.add(twoCores.build());
        all.add(new LabClaimsTest.Cell("reactor", "plaintext", 10_000).rate(30_000).rep(1).build());
        all.add(new LabClaimsTest.Cell("reactor", "plaintext", 10_000).rate(80_000).rep(2).build());
        return all;
    }

    private static LabReport report(List<LabCell> cells, Path dir) {
        LabConfig config = LabReport.configOf(cells, 1, 3, dir, "./barista lab --quick");
        MachineInfo machine = new MachineInfo("AMD EPYC", 2, 23.5, "Linux 6", "JDK 25", "abc", "2026-12-04T00:00:00Z",
                "./barista lab --quick", "server on CPU 0, load generator on CPU 1 (taskset)");
        return new LabReport(config, machine, cells, new ForkCost(300, 2000, "python3.12", "python3 -c ...", "0", null));
    }

    @Test
    void theClaimsSectionHasEightVerdictsComputedFromTheCells(@TempDir Path dir) {
        String html = report(cells(), dir).html();
        assertThat(count(html, "<span class=\"verdict ")).isEqualTo(8);
        assertThat(html).contains("The chapter's claims").contains("Rule: ").contains("300 µs per fork");
        assertThat(html).contains("<span class=\"verdict holds\">holds</span>"); // the loop stalls, the kitchen fixes it
    }

    @Test
    void theSearchChartDrawsLittlesBoundAndTheWorkerCapAsReferenceLines(@TempDir Path dir) {
        String html = report(cells(), dir).html();
        assertThat(html).contains("search, chain plan: searches/s").contains("N / 60 ms").contains("16 workers / 60 ms");
        // The bound: 100 / 0.06 and 1,000 / 0.06, in the lines' titles and the data; reference lines carry no markers.
        assertThat(html).contains("<title>N / 60 ms</title>").doesNotContain("N / 60 ms at 100");
    }

    @Test
    void mixedCoresAndRepeatsHaveTheirSections(@TempDir Path dir) {
        String html = report(cells(), dir).html();
        assertThat(html).contains("mixed: fast requests' p99").contains("mixed: slow requests' p99")
                .contains("mixed at 1,000 connections: fast vs slow");
        assertThat(html).contains("plaintext at 100 connections, by cores").contains("server cores");
        assertThat(html).contains("repeated cells").contains("30,000 / 80,000").contains("(2.7×)");
    }

    @Test
    void resultsJsonReadsBackWithClaimsForkCostAndProvenance(@TempDir Path dir) throws Exception {
        List<LabCell> cells = cells();
        report(cells, dir).write(dir);
        assertThat(LabReport.readCells(dir)).isEqualTo(cells);
        assertThat(LabReport.readForkCost(dir).microsPerFork()).isEqualTo(300);
        String json = Files.readString(dir.resolve("results.json"));
        assertThat(json).contains("\"claims\"").contains("\"provenance\"").contains("\"classes\"");
        LabReport.rerender(dir);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Claims").contains("| abc |");
    }

    @Test
    void aCellWithoutAMixHasEmptyClassColumnsAndAnOldFileRenders(@TempDir Path dir) {
        LabCell old = new LabClaimsTest.Cell("reactor", "search", 100).build();
        String md = report(List.of(old), dir).markdown();
        assertThat(md).contains("| reactor | search | 100 |");
        assertThat(Duration.ofSeconds(30)).isEqualTo(Workload.CONNECT.timeout(Duration.ofSeconds(5)));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
