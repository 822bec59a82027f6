package dev.barista.load.lab;

import dev.barista.load.LoadResult;
import dev.barista.load.RequestMix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.barista.load.lab.LabClaims.Verdict.DOES_NOT_HOLD;
import static dev.barista.load.lab.LabClaims.Verdict.HOLDS;
import static dev.barista.load.lab.LabClaims.Verdict.INCONCLUSIVE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every claim's rule on synthetic cells: the verdict follows the numbers, and missing cells are inconclusive. */
class LabClaimsTest {

    /** A cell built field by field: only what the rules read. */
    static final class Cell {
        String target = "reactor";
        String workload = "plaintext";
        int connections = 100;
        int cores = 1;
        int repetition = 1;
        double okPerSecond = 1000;
        double p50 = 1;
        double p99 = 2;
        long completed = 10_000;
        long errors = 0;
        double rssMb = 100;
        int osThreads = 20;
        int virtualThreads = 0;
        int carriers = 0;
        int workers = 16;
        double[] fast;   // p50, p99
        double[] slow;

        Cell(String target, String workload, int connections) {
            this.target = target;
            this.workload = workload;
            this.connections = connections;
        }

        Cell rate(double r) { okPerSecond = r; return this; }
        Cell p50(double ms) { p50 = ms; return this; }
        Cell p99(double ms) { p99 = ms; return this; }
        Cell errors(long e) { errors = e; return this; }
        Cell rss(double mb) { rssMb = mb; return this; }
        Cell threads(int n) { osThreads = n; return this; }
        Cell virtual(int n, int carriersStarted) { virtualThreads = n; carriers = carriersStarted; return this; }
        Cell fast(double p50ms, double p99ms) { fast = new double[]{p50ms, p99ms}; return this; }
        Cell slow(double p50ms, double p99ms) { slow = new double[]{p50ms, p99ms}; return this; }
        Cell rep(int n) { repetition = n; return this; }

        LabCell build() {
            Map<String, LoadResult.RequestClass> classes = new LinkedHashMap<>();
            if (fast != null) classes.put(RequestMix.FAST, klass(fast));
            if (slow != null) classes.put(RequestMix.SLOW, klass(slow));
            LoadResult load = new LoadResult("http://x" + workload, "GET", connections, 1, 0, 1, 1, 10, completed,
                    completed / 10.0, completed, okPerSecond, latency(p50, p99), completed, completed, errors,
                    errors == 0 ? Map.of() : Map.of("timeout", errors), Map.of(), connections, 0, 0, List.of(), classes);
            return new LabCell(target, true, workload, connections, LabCell.Status.OK, "", load, completed, true, rssMb,
                    osThreads, 1, osThreads, virtualThreads, carriers, 1, 10, 0, cores, "server on CPU 0", repetition,
                    workers, new LabCell.Provenance("abc", "2026-12-04T00:00:00Z", "./barista lab"));
        }

        private static LoadResult.RequestClass klass(double[] ms) {
            return new LoadResult.RequestClass(1000, 1000, 100, latency(ms[0], ms[1]));
        }

        private static LoadResult.Latency latency(double p50, double p99) {
            return new LoadResult.Latency(p50, p99, p99, p99, p99, p50);
        }
    }

    private static LabClaims.Claim claim(String id, List<Cell> cells) {
        return claim(id, cells, null);
    }

    private static LabClaims.Claim claim(String id, List<Cell> cells, ForkCost fork) {
        List<LabCell> built = new ArrayList<>();
        for (Cell c : cells) built.add(c.build());
        return LabClaims.evaluate(built, fork).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void thereAreEightClaimsAndWithoutCellsEveryOneIsInconclusive() {
        List<LabClaims.Claim> all = LabClaims.evaluate(List.of(), null);
        assertThat(all).hasSize(8);
        assertThat(all).allSatisfy(c -> {
            assertThat(c.verdict()).isEqualTo(INCONCLUSIVE);
            assertThat(c.finding()).startsWith("Not measured");
            assertThat(c.rule()).isNotBlank();
        });
    }

    @Test
    void processCostHoldsWhenChildrenServeButTenTimesSlowerAndIsInconclusiveWhenTheyServeNothing() {
        ForkCost fork = new ForkCost(250, 2000, "python3.12", "python3 -c ...", "0", null);
        var costly = claim("process-cost", List.of(new Cell("process-per-connection", "connect", 16).rate(12).p50(900),
                new Cell("reactor", "connect", 16).rate(9000).p50(1.5)), fork);
        assertThat(costly.verdict()).isEqualTo(HOLDS);
        assertThat(costly.finding()).contains("fork").contains("250 µs").contains("3600×");
        assertThat(claim("process-cost", List.of(new Cell("process-per-connection", "connect", 16).rate(0),
                new Cell("reactor", "connect", 16).rate(9000))).verdict()).isEqualTo(INCONCLUSIVE);
        assertThat(claim("process-cost", List.of(new Cell("process-per-connection", "connect", 16).rate(6000),
                new Cell("reactor", "connect", 16).rate(9000))).verdict()).isEqualTo(DOES_NOT_HOLD);
    }

    @Test
    void threadMemoryNeedsAThreadPerConnectionAndTwiceTheMemory() {
        assertThat(claim("thread-memory", List.of(new Cell("thread-per-connection", "plaintext", 10_000).threads(10_018)
                .rss(1300), new Cell("event-loop", "plaintext", 10_000).threads(17).rss(200))).verdict()).isEqualTo(HOLDS);
        assertThat(claim("thread-memory", List.of(new Cell("thread-per-connection", "plaintext", 10_000).threads(300)
                .rss(1300), new Cell("event-loop", "plaintext", 10_000).rss(200))).verdict()).isEqualTo(DOES_NOT_HOLD);
        assertThat(claim("thread-memory", List.of(new Cell("thread-per-connection", "plaintext", 1_000).threads(1018)
                .rss(1300), new Cell("event-loop", "plaintext", 1_000))).verdict()).as("no C10K cell")
                .isEqualTo(INCONCLUSIVE);
    }

    @Test
    void oneLoopServesC10kWhenItKeepsHalfItsRateWithFewErrors() {
        assertThat(claim("one-loop-c10k", List.of(new Cell("event-loop", "plaintext", 100).rate(90_000),
                new Cell("event-loop", "plaintext", 10_000).rate(80_000).threads(17))).verdict()).isEqualTo(HOLDS);
        assertThat(claim("one-loop-c10k", List.of(new Cell("event-loop", "plaintext", 100).rate(90_000),
                new Cell("event-loop", "plaintext", 10_000).rate(10_000))).verdict()).isEqualTo(DOES_NOT_HOLD);
        assertThat(claim("one-loop-c10k", List.of(new Cell("event-loop", "plaintext", 100).rate(90_000),
                new Cell("event-loop", "plaintext", 10_000).rate(80_000).errors(500))).verdict())
                .as("0.5% to 10% failed").isEqualTo(INCONCLUSIVE);
    }

    @Test
    void aBlockedLoopShowsInTheFastRequestsAndTheKitchenKeepsThemFast() {
        List<Cell> cells = List.of(
                new Cell("event-loop", "mixed", 100).fast(30, 95).slow(40, 100),
                new Cell("reactor", "mixed", 100).fast(0.4, 1.2).slow(31, 52),
                new Cell("event-loop", "mixed", 1000).fast(400, 900).slow(420, 950),
                new Cell("reactor", "mixed", 1000).fast(6, 14).slow(40, 60),
                new Cell("reactor", "plaintext", 1000).p99(9));
        assertThat(claim("blocking-stalls-the-loop", cells).verdict()).isEqualTo(HOLDS);
        var kitchen = claim("the-kitchen-fixes-it", cells);
        assertThat(kitchen.verdict()).as("1,000: 14 ms is over 10 ms but within 2x plaintext's 9 ms").isEqualTo(HOLDS);
        assertThat(kitchen.cells()).contains("reactor plaintext c=1,000 1 core");

        List<Cell> stalled = List.of(new Cell("reactor", "mixed", 100).fast(20, 45).slow(30, 50),
                new Cell("reactor", "plaintext", 100).p99(2));
        assertThat(claim("the-kitchen-fixes-it", stalled).verdict()).isEqualTo(DOES_NOT_HOLD);

        List<Cell> loopFine = List.of(new Cell("event-loop", "mixed", 100).fast(1, 3),
                new Cell("reactor", "mixed", 100).fast(1, 2));
        assertThat(claim("blocking-stalls-the-loop", loopFine).verdict()).isEqualTo(DOES_NOT_HOLD);
    }

    @Test
    void blockingSearchIsCappedByWorkersWhileTheAsyncStylesReachTheBound() {
        // 16 workers / 60 ms = 267/s chain; 16 / 40 ms = 400/s concurrent. Bounds at 100: 1,667 and 2,500.
        List<Cell> cells = List.of(
                new Cell("reactor", "search-blocking-chain", 100).rate(250),
                new Cell("reactor", "search-blocking-chain", 1000).rate(240),
                new Cell("reactor", "search-blocking-concurrent", 100).rate(380),
                new Cell("reactor", "search-callbacks-chain", 100).rate(1500),
                new Cell("reactor", "search-callbacks-concurrent", 100).rate(2200),
                new Cell("reactor", "search-coroutines-chain", 100).rate(1400),
                new Cell("reactor", "search-coroutines-concurrent", 100).rate(2000),
                new Cell("reactor", "search-coroutines-concurrent", 1000).rate(5000));
        assertThat(claim("blocking-rpc-capped-by-workers", cells).verdict()).isEqualTo(HOLDS);
        var bound = claim("callbacks-and-coroutines-reach-the-bound", cells);
        assertThat(bound.verdict()).isEqualTo(HOLDS);
        assertThat(bound.finding()).contains("1,667/s").contains("2,500/s");
        assertThat(bound.cells()).as("the smallest count only").noneMatch(k -> k.contains("c=1,000"));

        assertThat(claim("blocking-rpc-capped-by-workers", List.of(
                new Cell("reactor", "search-blocking-chain", 100).rate(900))).verdict())
                .as("over the cap: the workers are not what limits it").isEqualTo(DOES_NOT_HOLD);
        assertThat(claim("callbacks-and-coroutines-reach-the-bound", List.of(
                new Cell("reactor", "search-callbacks-chain", 100).rate(500))).verdict()).isEqualTo(DOES_NOT_HOLD);
        assertThat(claim("callbacks-and-coroutines-reach-the-bound", List.of(
                new Cell("reactor", "search-callbacks-chain", 100).rate(1500))).verdict())
                .as("one of four styles-and-plans").isEqualTo(INCONCLUSIVE);
    }

    @Test
    void manyCoroutinesOnFewCarriers() {
        assertThat(claim("many-coroutines-on-few-carriers", List.of(new Cell("virtual-threads", "plaintext", 10_000)
                .virtual(10_001, 1).threads(20))).verdict()).isEqualTo(HOLDS);
        assertThat(claim("many-coroutines-on-few-carriers", List.of(new Cell("virtual-threads", "plaintext", 10_000)
                .virtual(10_001, 4).threads(20))).verdict()).isEqualTo(DOES_NOT_HOLD);
    }

    @Test
    void aRepeatedCellCountsByItsMedianRepetition() {
        List<Cell> cells = List.of(new Cell("event-loop", "plaintext", 100).rate(90_000),
                new Cell("event-loop", "plaintext", 10_000).rate(10_000).rep(1),
                new Cell("event-loop", "plaintext", 10_000).rate(80_000).rep(2),
                new Cell("event-loop", "plaintext", 10_000).rate(85_000).rep(3));
        var c = claim("one-loop-c10k", cells);
        assertThat(c.verdict()).isEqualTo(HOLDS);
        assertThat(c.cells()).contains("event-loop plaintext c=10,000 1 core #2");
    }
}
