package dev.barista.load.lab;

import dev.barista.load.RequestMix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The chapter's eight claims, each judged from the lab's cells by a rule stated beside it: the cells that test
 * the claim, what they show, and a verdict. Nothing here is written by hand about a run: change the cells and
 * the verdicts change.
 *
 * <p>Cells are taken at the smallest core count the run measured them at (the one-core curve, where the models
 * differ most), and a repeated cell counts by its median repetition (by successful requests per second).
 */
public final class LabClaims {
    /** The shortest blocking call of the mixed workload: a fast request slower than this may have waited for one. */
    static final double SHORTEST_SLOW_MS = 10;
    static final int C10K = 10_000;

    public enum Verdict {
        HOLDS("holds"), DOES_NOT_HOLD("does not hold"), INCONCLUSIVE("inconclusive");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One claim judged.
     *
     * @param id      a short stable name
     * @param claim   what the chapter says
     * @param rule    how the verdict is computed, in words
     * @param verdict the rule applied to the cells
     * @param finding what the cells show, with their numbers
     * @param cells   the cells the rule read ({@link LabCell#key()})
     */
    public record Claim(String id, String claim, String rule, Verdict verdict, String finding, List<String> cells) {
    }

    private final List<LabCell> cells;
    private final ForkCost fork;

    private LabClaims(List<LabCell> cells, ForkCost fork) {
        this.cells = cells.stream().filter(LabCell::ok).toList();
        this.fork = fork;
    }

    /** Judges every claim on {@code cells}; {@code fork} (may be null) adds the native fork's cost to claim 1. */
    public static List<Claim> evaluate(List<LabCell> cells, ForkCost fork) {
        LabClaims c = new LabClaims(cells, fork);
        return List.of(c.processCost(), c.threadMemory(), c.oneLoop(), c.blockingStallsTheLoop(), c.kitchen(),
                c.blockingRpcCapped(), c.asyncReachesTheBound(), c.coroutinesOnCarriers());
    }

    // ---- the claims ----------------------------------------------------------------------------------------

    Claim processCost() {
        String id = "process-cost";
        String claim = "Creating a process per connection is costly: the model pays a process start for every connection.";
        String rule = "On the connect workload (a new connection per request) at the smallest connection count both ran: "
                + "holds if process-per-connection completes requests (ok req/s > 0) at no more than 1/10 of reactor's "
                + "rate; does not hold at 1/2 or more; inconclusive in between, when it completes none (that is "
                + "broken, not costly) or a cell is missing.";
        Optional<LabCell> ppc = lowest("process-per-connection", "connect");
        if (ppc.isEmpty()) return missing(id, claim, rule, "no process-per-connection connect cell");
        Optional<LabCell> reactor = at("reactor", "connect", ppc.get().connections(), ppc.get().cores());
        if (reactor.isEmpty()) return missing(id, claim, rule, "no reactor connect cell at " + ppc.get().connections());
        double p = ppc.get().requestsPerSecond();
        double r = reactor.get().requestsPerSecond();
        List<String> used = new ArrayList<>(List.of(ppc.get().key(), reactor.get().key()));
        Optional<LabCell> noArchive = at("process-per-connection/no-archive", "connect", ppc.get().connections(),
                ppc.get().cores());
        noArchive.ifPresent(c -> used.add(c.key()));
        StringBuilder finding = new StringBuilder(String.format(Locale.ROOT,
                "process-per-connection %,.1f connections/s (p50 %.0f ms from connect to response), reactor %,.0f/s "
                        + "(p50 %.2f ms): %s of reactor's rate.", p, p50(ppc.get()), r, p50(reactor.get()), ratio(p, r)));
        noArchive.ifPresent(c -> finding.append(String.format(Locale.ROOT,
                " Without the startup archive: %,.1f/s, p50 %.0f ms.", c.requestsPerSecond(), p50(c))));
        if (fork != null) {
            finding.append(String.format(Locale.ROOT, " A native fork()+exit+waitpid costs %.0f µs here (%s): the "
                    + "wait per connection is %.0f× that, so it is the JVM's start-up, not the process, that costs.",
                    fork.microsPerFork(), fork.program(), p50(ppc.get()) * 1000 / fork.microsPerFork()));
        }
        Verdict v = p <= 0 ? Verdict.INCONCLUSIVE : p <= r / 10 ? Verdict.HOLDS : p >= r / 2 ? Verdict.DOES_NOT_HOLD
                : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, finding.toString(), used);
    }

    Claim threadMemory() {
        String id = "thread-memory";
        String claim = "A thread per connection costs memory and threads at C10K.";
        String rule = "On plaintext at the largest connection count of 10,000 or more: holds if thread-per-connection "
                + "holds OS threads for at least 90% of the connections and at least twice event-loop's RSS; does not "
                + "hold under half as many threads as connections or under 1.2× the RSS; else inconclusive.";
        Optional<LabCell> tpc = highest("thread-per-connection", "plaintext").filter(c -> c.connections() >= C10K);
        if (tpc.isEmpty()) return missing(id, claim, rule, "no thread-per-connection plaintext cell at 10,000+ connections");
        Optional<LabCell> loop = at("event-loop", "plaintext", tpc.get().connections(), tpc.get().cores());
        if (loop.isEmpty()) return missing(id, claim, rule, "no event-loop plaintext cell beside it");
        double threadShare = (double) tpc.get().osThreads() / tpc.get().connections();
        double rss = tpc.get().rssMb() / loop.get().rssMb();
        String finding = String.format(Locale.ROOT, "At %,d connections thread-per-connection held %,d OS threads and "
                        + "%.0f MB; event-loop %,d threads and %.0f MB (%.1f× the memory).", tpc.get().connections(),
                tpc.get().osThreads(), tpc.get().rssMb(), loop.get().osThreads(), loop.get().rssMb(), rss);
        Verdict v = threadShare >= 0.9 && rss >= 2 ? Verdict.HOLDS
                : threadShare < 0.5 || rss < 1.2 ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, finding, List.of(tpc.get().key(), loop.get().key()));
    }

    Claim oneLoop() {
        String id = "one-loop-c10k";
        String claim = "One event loop on one thread serves C10K.";
        String rule = "event-loop on plaintext at the largest connection count of 10,000 or more: holds if at most 1% of "
                + "its requests failed, it kept at least half its rate at the smallest connection count, on fewer than "
                + "64 OS threads; does not hold if more than 10% failed or it kept under a fifth; else inconclusive.";
        Optional<LabCell> big = highest("event-loop", "plaintext").filter(c -> c.connections() >= C10K);
        if (big.isEmpty()) return missing(id, claim, rule, "no event-loop plaintext cell at 10,000+ connections");
        Optional<LabCell> small = lowest("event-loop", "plaintext").filter(c -> c.cores() == big.get().cores());
        if (small.isEmpty() || small.get().connections() >= big.get().connections()) {
            return missing(id, claim, rule, "no smaller event-loop plaintext cell to compare with");
        }
        double failed = failedShare(big.get());
        double kept = big.get().requestsPerSecond() / small.get().requestsPerSecond();
        String finding = String.format(Locale.ROOT, "At %,d connections: %,.0f req/s (%s of its %,.0f at %,d), %.2f%% "
                        + "failed, %d OS threads.", big.get().connections(), big.get().requestsPerSecond(),
                percent(kept), small.get().requestsPerSecond(), small.get().connections(), failed * 100,
                big.get().osThreads());
        Verdict v = failed <= 0.01 && kept >= 0.5 && big.get().osThreads() < 64 ? Verdict.HOLDS
                : failed > 0.1 || kept < 0.2 ? Verdict.DOES_NOT_HOLD : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, finding, List.of(big.get().key(), small.get().key()));
    }

    Claim blockingStallsTheLoop() {
        String id = "blocking-stalls-the-loop";
        String claim = "A blocking call on the event loop stalls every other connection.";
        String rule = "On the mixed workload, at every connection count measured: holds if event-loop's fast requests "
                + "have a p99 of at least the shortest slow call (10 ms) and at least 5× reactor's fast p99; does not "
                + "hold if its fast p99 stays under 10 ms at any count; else inconclusive.";
        List<String> used = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        boolean all = true;
        boolean against = false;
        List<LabCell> loops = each("event-loop", "mixed");
        if (loops.isEmpty()) return missing(id, claim, rule, "no event-loop mixed cell");
        for (LabCell loop : loops) {
            Optional<LabCell> reactor = at("reactor", "mixed", loop.connections(), loop.cores());
            double fast = fastP99(loop);
            used.add(loop.key());
            if (Double.isNaN(fast)) return missing(id, claim, rule, loop.key() + " has no fast requests measured");
            if (fast < SHORTEST_SLOW_MS) against = true;
            if (reactor.isEmpty() || Double.isNaN(fastP99(reactor.get()))) {
                all = false;
                parts.add(String.format(Locale.ROOT, "%,d connections: event-loop fast p99 %.1f ms (no reactor cell)",
                        loop.connections(), fast));
                continue;
            }
            used.add(reactor.get().key());
            double rf = fastP99(reactor.get());
            if (!(fast >= SHORTEST_SLOW_MS && fast >= 5 * rf)) all = false;
            parts.add(String.format(Locale.ROOT, "%,d connections: fast p99 %.1f ms under event-loop vs %.1f ms "
                    + "under reactor (%.0f×)", loop.connections(), fast, rf, fast / rf));
        }
        Verdict v = against ? Verdict.DOES_NOT_HOLD : all ? Verdict.HOLDS : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, String.join("; ", parts) + ".", used);
    }

    Claim kitchen() {
        String id = "the-kitchen-fixes-it";
        String claim = "The reactor's kitchen (a worker pool for blocking handlers) keeps the loop free for fast requests.";
        String rule = "On the mixed workload, at every connection count measured: holds if reactor's fast requests have "
                + "a p99 under the shortest slow call (10 ms), or no more than 2× reactor's own plaintext p99 at the "
                + "same count (no fast request waited for a slow one); does not hold otherwise; inconclusive without "
                + "a reactor mixed cell.";
        List<LabCell> reactors = each("reactor", "mixed");
        if (reactors.isEmpty()) return missing(id, claim, rule, "no reactor mixed cell");
        List<String> used = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        boolean holds = true;
        for (LabCell r : reactors) {
            used.add(r.key());
            double fast = fastP99(r);
            Optional<LabCell> plain = at("reactor", "plaintext", r.connections(), r.cores());
            plain.ifPresent(p -> used.add(p.key()));
            double plainP99 = plain.map(p -> p.load().latency().p99()).orElse(Double.NaN);
            boolean ok = fast < SHORTEST_SLOW_MS || (!Double.isNaN(plainP99) && fast <= 2 * plainP99);
            holds &= ok;
            parts.add(String.format(Locale.ROOT, "%,d connections: fast p99 %.1f ms, slow p99 %.1f ms%s",
                    r.connections(), fast, slowP99(r), Double.isNaN(plainP99) ? ""
                            : String.format(Locale.ROOT, ", plaintext alone p99 %.1f ms", plainP99)));
        }
        return new Claim(id, claim, rule, holds ? Verdict.HOLDS : Verdict.DOES_NOT_HOLD, String.join("; ", parts) + ".",
                used);
    }

    Claim blockingRpcCapped() {
        String id = "blocking-rpc-capped-by-workers";
        String claim = "A blocking RPC style is capped by its worker count: throughput ≤ workers / latency.";
        String rule = "On the search-blocking-chain and -concurrent cells: holds if every cell stays within 1.1× the cap "
                + "(workers / backend latency: 60 ms chain, 40 ms concurrent) and, at a connection count where Little's "
                + "bound (connections / latency) is at least twice the cap, under half of that bound; does not hold "
                + "if any cell exceeds 1.1× the cap; inconclusive without such a connection count.";
        List<String> used = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        boolean within = true;
        boolean separated = false;
        for (Workload w : List.of(Workload.SEARCH_BLOCKING_CHAIN, Workload.SEARCH_BLOCKING_CONCURRENT)) {
            for (LabCell c : eachAnyTarget(w.label())) {
                used.add(c.key());
                double cap = c.workers() / w.backendChainSeconds();
                double bound = c.connections() / w.backendChainSeconds();
                double got = c.requestsPerSecond();
                if (got > 1.1 * cap) within = false;
                if (bound >= 2 * cap && got < 0.5 * bound) separated = true;
                parts.add(String.format(Locale.ROOT, "%s %,d connections: %,.0f/s, cap %,.0f/s (%d workers), bound %,.0f/s",
                        w.searchPlan(), c.connections(), got, cap, c.workers(), bound));
            }
        }
        if (used.isEmpty()) return missing(id, claim, rule, "no search-blocking cells");
        Verdict v = !within ? Verdict.DOES_NOT_HOLD : separated ? Verdict.HOLDS : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, String.join("; ", parts) + ".", used);
    }

    Claim asyncReachesTheBound() {
        String id = "callbacks-and-coroutines-reach-the-bound";
        String claim = "Callbacks and coroutines reach Little's-law bound: throughput → connections / backend latency.";
        String rule = "At the smallest connection count measured (where the bound is within one core's reach): holds "
                + "if callbacks and coroutines, in both plans, reach at least 75% of connections / backend latency; "
                + "does not hold if any stays under 50%; else (or missing cells) inconclusive.";
        List<String> used = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        int found = 0;
        for (Workload w : List.of(Workload.SEARCH_CALLBACKS_CHAIN, Workload.SEARCH_CALLBACKS_CONCURRENT,
                Workload.SEARCH_COROUTINES_CHAIN, Workload.SEARCH_COROUTINES_CONCURRENT)) {
            Optional<LabCell> c = eachAnyTarget(w.label()).stream().min(Comparator.comparingInt(LabCell::connections));
            if (c.isEmpty()) continue;
            found++;
            used.add(c.get().key());
            double bound = c.get().connections() / w.backendChainSeconds();
            double share = c.get().requestsPerSecond() / bound;
            worst = Math.min(worst, share);
            parts.add(String.format(Locale.ROOT, "%s %s at %,d: %,.0f/s of a %,.0f/s bound (%s)", w.searchStyle(),
                    w.searchPlan(), c.get().connections(), c.get().requestsPerSecond(), bound, percent(share)));
        }
        if (found == 0) return missing(id, claim, rule, "no search-callbacks or search-coroutines cells");
        Verdict v = worst < 0.5 ? Verdict.DOES_NOT_HOLD : found == 4 && worst >= 0.75 ? Verdict.HOLDS
                : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, String.join("; ", parts) + ".", used);
    }

    Claim coroutinesOnCarriers() {
        String id = "many-coroutines-on-few-carriers";
        String claim = "Many coroutines run on few carrier threads: ten thousand connections, a carrier per core.";
        String rule = "virtual-threads at the largest connection count of 10,000 or more (any workload): holds if it ran "
                + "live virtual threads for at least 90% of the connections on no more carriers than the server's "
                + "cores and fewer than 100 OS threads; does not hold if carriers exceed the cores or OS threads "
                + "reach 1,000; else inconclusive.";
        Optional<LabCell> vt = cells.stream().filter(c -> c.target().equals("virtual-threads") && c.connections() >= C10K
                        && c.virtualThreads() >= 0 && c.cores() == smallestCores("virtual-threads", c.workload()))
                .max(Comparator.comparingInt(LabCell::connections).thenComparingInt(LabCell::virtualThreads));
        if (vt.isEmpty()) return missing(id, claim, rule, "no virtual-threads cell at 10,000+ connections");
        LabCell c = vt.get();
        String finding = String.format(Locale.ROOT, "%s at %,d connections: %,d virtual threads on %d carrier%s "
                        + "(%d core%s), %d OS threads in all.", c.workload(), c.connections(), c.virtualThreads(),
                c.carriers(), c.carriers() == 1 ? "" : "s", c.cores(), c.cores() == 1 ? "" : "s", c.osThreads());
        Verdict v = c.virtualThreads() >= 0.9 * c.connections() && c.carriers() <= c.cores() && c.osThreads() < 100
                ? Verdict.HOLDS : c.carriers() > c.cores() || c.osThreads() >= 1000 ? Verdict.DOES_NOT_HOLD
                : Verdict.INCONCLUSIVE;
        return new Claim(id, claim, rule, v, finding, List.of(c.key()));
    }

    // ---- choosing cells ------------------------------------------------------------------------------------

    private static Claim missing(String id, String claim, String rule, String why) {
        return new Claim(id, claim, rule, Verdict.INCONCLUSIVE, "Not measured: " + why + ".", List.of());
    }

    private int smallestCores(String target, String workload) {
        return cells.stream().filter(c -> c.target().equals(target) && c.workload().equals(workload))
                .mapToInt(LabCell::cores).min().orElse(0);
    }

    /** The cell at this point, the median of its repetitions by successful requests per second. */
    private Optional<LabCell> at(String target, String workload, int connections, int cores) {
        List<LabCell> reps = cells.stream().filter(c -> c.target().equals(target) && c.workload().equals(workload)
                        && c.connections() == connections && c.cores() == cores)
                .sorted(Comparator.comparingDouble(LabCell::requestsPerSecond)).toList();
        return reps.isEmpty() ? Optional.empty() : Optional.of(reps.get((reps.size() - 1) / 2));
    }

    /** One cell per connection count (medians), at the smallest core count, fewest connections first. */
    private List<LabCell> each(String target, String workload) {
        int cores = smallestCores(target, workload);
        return cells.stream().filter(c -> c.target().equals(target) && c.workload().equals(workload)
                        && c.cores() == cores).map(LabCell::connections).distinct().sorted()
                .map(n -> at(target, workload, n, cores).orElseThrow()).toList();
    }

    /** {@link #each} for the first target that ran the workload (the search styles run on one model). */
    private List<LabCell> eachAnyTarget(String workload) {
        return cells.stream().filter(c -> c.workload().equals(workload)).map(LabCell::target).findFirst()
                .map(t -> each(t, workload)).orElse(List.of());
    }

    private Optional<LabCell> lowest(String target, String workload) {
        List<LabCell> all = each(target, workload);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    private Optional<LabCell> highest(String target, String workload) {
        List<LabCell> all = each(target, workload);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    // ---- reading cells -------------------------------------------------------------------------------------

    static double fastP99(LabCell c) {
        var fast = c.load().requestClass(RequestMix.FAST);
        return fast == null || fast.okRequests() == 0 ? Double.NaN : fast.latency().p99();
    }

    static double slowP99(LabCell c) {
        var slow = c.load().requestClass(RequestMix.SLOW);
        return slow == null || slow.okRequests() == 0 ? Double.NaN : slow.latency().p99();
    }

    private static double p50(LabCell c) {
        return c.load().latency().p50();
    }

    /** Errors over every answer and error of the run (warm-up included, as both are counted). */
    private static double failedShare(LabCell c) {
        double total = c.load().completed() + c.errors();
        return total == 0 ? 1 : c.errors() / total;
    }

    private static String ratio(double a, double b) {
        if (a <= 0) return "none";
        return b == 0 ? "n/a" : String.format(Locale.ROOT, "1/%,.0f", b / Math.max(a, 1e-9));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
