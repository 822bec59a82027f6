package dev.barista.load;

import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.EventLoopGroup;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a load test on Barista's own event loops ({@link EventLoopGroup}) with core's codec: the request is
 * encoded once, responses are framed by {@code ResponseParser}. Connections are dealt round-robin to the loops;
 * beyond {@link LoadConfig#CONNECTIONS_PER_SOURCE_ADDRESS} to a loopback server, they are spread over the
 * source addresses 127.0.0.1, 127.0.0.2, ... (bound before connect), since each address has only the ephemeral
 * port range to offer.
 *
 * <p>A run takes warm-up + duration, then at most {@link #DRAIN} more for the responses in flight, then closes.
 */
public final class LoadGenerator {
    /** How long the end of a run waits for responses still in flight (bounded by the timeout too). */
    static final Duration DRAIN = Duration.ofSeconds(2);

    /** A snapshot for a progress display, taken about once a second by the thread running {@link #run}. */
    public record Progress(double elapsedSeconds, double totalSeconds, boolean warmingUp, long completed,
                           double recentRequestsPerSecond, long errors, int openConnections) {
        public String line() {
            return String.format(java.util.Locale.ROOT, "[%5.1f/%.0f s] %-9s %,12.0f req/s  %,d done  %,d errors  %,d open",
                    elapsedSeconds, totalSeconds, warmingUp ? "warm-up" : "measuring", recentRequestsPerSecond,
                    completed, errors, openConnections);
        }
    }

    private final LoadConfig config;
    private final RequestMix mix;
    private final boolean connectionPerRequest;

    public LoadGenerator(LoadConfig config) {
        this(config, null, false);
    }

    /**
     * A run whose requests follow {@code mix} (null: every request is the config's; a mix needs pipeline 1); with
     * {@code connectionPerRequest}, each connection closes after its response and connects again, and a request's
     * latency counts from the start of its connect.
     */
    public LoadGenerator(LoadConfig config, RequestMix mix, boolean connectionPerRequest) {
        if (mix != null && config.pipeline() != 1) throw new IllegalArgumentException("a request mix needs pipeline 1");
        if (connectionPerRequest && config.pipeline() != 1) {
            throw new IllegalArgumentException("a connection per request needs pipeline 1");
        }
        this.config = config;
        this.mix = mix;
        this.connectionPerRequest = connectionPerRequest;
    }

    public LoadResult run() throws InterruptedException {
        return run(p -> { });
    }

    public LoadResult run(Consumer<Progress> progress) throws InterruptedException {
        byte[] request = EncodedRequest.encode(config);
        InetAddress target;
        try {
            target = InetAddress.getByName(config.uri().getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host: " + config.uri().getHost(), e);
        }
        List<String> limits = new ArrayList<>();
        long openFiles = SystemLimits.openFilesLimit();
        if (openFiles > 0 && openFiles < config.connections() + 64L) {
            limits.add(String.format("the open-files limit (ulimit -n) is %d, below the %d connections asked for: "
                    + "expect EMFILE; raise it ('ulimit -n <hard limit>'; ./barista does this)", openFiles,
                    config.connections()));
        }
        int loopCount = Math.min(config.loops(), config.connections());
        EventLoopGroup group = new EventLoopGroup(loopCount, "load", Duration.ofSeconds(1));
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        RunClock clock = new RunClock(start, start + config.warmup().toNanos(),
                start + config.warmup().toNanos() + config.duration().toNanos());
        List<LoadLoop> runs = new ArrayList<>();
        List<byte[]> slow = new ArrayList<>();
        if (mix != null) {
            for (String slowTarget : mix.slowTargets()) {
                slow.add(EncodedRequest.encode(config.withUri(config.uri().resolve(slowTarget))));
            }
        }
        for (EventLoop loop : group.loops()) runs.add(new LoadLoop(loop, config, request, clock, mix, slow, runs.size(),
                connectionPerRequest));
        boolean spread = target.isLoopbackAddress()
                && config.connections() > LoadConfig.CONNECTIONS_PER_SOURCE_ADDRESS;
        long interval = config.openLoop() ? (long) (config.connections() * 1e9 / config.rate()) : 0;
        for (int i = 0; i < config.connections(); i++) {
            InetAddress source = spread ? sourceAddress(i / LoadConfig.CONNECTIONS_PER_SOURCE_ADDRESS) : null;
            runs.get(i % loopCount).add(source, target, interval * i / config.connections());
        }
        group.start();
        int unconnected = 0;
        try {
            runs.forEach(LoadLoop::start);
            watch(clock, runs, progress);
            drain(runs);
            for (LoadLoop r : runs) unconnected += onLoop(r, r::unconnected);
            for (LoadLoop r : runs) onLoop(r, () -> {
                r.closeAll();
                return null;
            });
        } finally {
            group.stop(Duration.ofSeconds(5));
        }
        return result(runs, clock, loopCount, limits, unconnected);
    }

    private static InetAddress sourceAddress(int index) {
        if (index > 253) throw new IllegalArgumentException("too many connections for the loopback source addresses");
        try {
            return InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) (1 + index)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void watch(RunClock clock, List<LoadLoop> runs, Consumer<Progress> progress) throws InterruptedException {
        double total = (clock.endNanos() - clock.startNanos()) / 1e9;
        long lastCompleted = 0;
        long lastTime = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (clock.finished(now)) return;
            long sleep = Math.min(TimeUnit.SECONDS.toNanos(1), clock.endNanos() - now);
            TimeUnit.NANOSECONDS.sleep(sleep);
            now = System.nanoTime();
            long completed = runs.stream().mapToLong(r -> r.completed).sum();
            long errors = runs.stream().mapToLong(r -> r.errorCount).sum();
            int open = runs.stream().mapToInt(r -> r.open).sum();
            double rps = (completed - lastCompleted) / ((now - lastTime) / 1e9);
            lastCompleted = completed;
            lastTime = now;
            progress.accept(new Progress(Math.max(0, now - clock.startNanos()) / 1e9, total,
                    now < clock.measureStartNanos(), completed, rps, errors, open));
        }
    }

    /** Waits (boundedly) until no request is in flight, so the totals are settled before closing. */
    private void drain(List<LoadLoop> runs) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(DRAIN.toNanos(), config.timeout().toNanos());
        while (System.nanoTime() < deadline) {
            long inFlight = 0;
            for (LoadLoop r : runs) inFlight += onLoop(r, r::inFlight);
            if (inFlight == 0) return;
            Thread.sleep(10);
        }
    }

    private static <T> T onLoop(LoadLoop r, java.util.concurrent.Callable<T> task) throws InterruptedException {
        CompletableFuture<T> f = new CompletableFuture<>();
        r.loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a load loop did not answer", e);
        }
    }

    private LoadResult result(List<LoadLoop> runs, RunClock clock, int loopCount, List<String> limits,
                              int unconnected) {
        Histogram h = new Histogram(LoadLoop.HISTOGRAM_MAX_MICROS, 3);
        Histogram fast = new Histogram(LoadLoop.HISTOGRAM_MAX_MICROS, 3);
        Histogram slow = new Histogram(LoadLoop.HISTOGRAM_MAX_MICROS, 3);
        long slowMeasured = 0;
        long slowOk = 0;
        long measured = 0;
        long ok = 0;
        long sent = 0;
        long completed = 0;
        long errorTotal = 0;
        int maxOpen = 0;
        long serverCloses = 0;
        EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        Map<String, Long> failures = new LinkedHashMap<>();
        for (LoadLoop r : runs) {
            h.add(r.latency);
            fast.add(r.fastLatency);
            slow.add(r.slowLatency);
            slowMeasured += r.measuredSlow;
            slowOk += r.measuredSlowOk;
            measured += r.measuredResponses;
            ok += r.measuredOk;
            sent += r.sent;
            completed += r.completed;
            errorTotal += r.errorCount;
            maxOpen += r.maxOpen;
            serverCloses += r.serverCloses;
            r.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            r.connectFailures.forEach((k, v) -> failures.merge(k, v, Long::sum));
        }
        Map<String, Long> byLabel = new LinkedHashMap<>();
        errors.forEach((k, v) -> byLabel.put(k.label(), v));
        failures.keySet().stream().filter(k -> k.startsWith("E")).forEach(k ->
                limits.add(k + " (" + failures.get(k) + " times)"));
        double seconds = (clock.endNanos() - clock.measureStartNanos()) / 1e9;
        Map<String, LoadResult.RequestClass> classes = new LinkedHashMap<>();
        if (mix != null) {
            classes.put(RequestMix.FAST, new LoadResult.RequestClass(measured - slowMeasured, ok - slowOk,
                    (ok - slowOk) / seconds, latency(fast)));
            classes.put(RequestMix.SLOW, new LoadResult.RequestClass(slowMeasured, slowOk, slowOk / seconds,
                    latency(slow)));
        }
        return new LoadResult(config.uri().toString(), config.method(), config.connections(), config.pipeline(),
                config.rate(), loopCount, config.warmup().toMillis() / 1000.0, seconds, measured, measured / seconds,
                ok, ok / seconds, latency(h), sent, completed, errorTotal, byLabel, failures, maxOpen, serverCloses, unconnected,
                List.copyOf(limits), classes);
    }

    private static LoadResult.Latency latency(Histogram h) {
        return new LoadResult.Latency(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
