package dev.barista.observe;

import dev.barista.server.DurationHistogram;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.StatsSnapshot;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ServerSnapshot} as Prometheus metric snapshots, for the client's writers. Names follow Prometheus
 * conventions: {@code barista_} first, the unit in the name ({@code _seconds}, {@code _bytes}, {@code _ratio}),
 * counters end in {@code _total} (added by the writer). A section the model does not have yields no metrics.
 */
final class ServerSnapshotMetrics {
    private final List<MetricSnapshot> metrics = new ArrayList<>();

    private ServerSnapshotMetrics() {
    }

    static List<MetricSnapshot> of(ServerSnapshot s) {
        ServerSnapshotMetrics m = new ServerSnapshotMetrics();
        m.metrics.add(InfoSnapshot.builder().name("barista").help("The concurrency model serving")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("model", s.model())).build())
                .build());
        m.gauge("barista_stats_partial", "1 when these numbers are one process's share, not the whole server's",
                s.partial() ? 1 : 0);
        m.gauge("barista_processes", "Processes serving: 1, a prefork master and its workers, or a parent and its "
                + "live children", s.processes());
        m.counters(s.counters());
        m.threads(s.threads());
        if (s.eventLoops() != null) m.eventLoops(s.eventLoops());
        if (s.workerPool() != null) m.workerPool(s.workerPool());
        if (s.prefork() != null) m.prefork(s.prefork());
        if (s.children() != null) m.children(s.children());
        if (s.traffic() != null) m.traffic(s.traffic());
        if (s.memory() != null) m.memory(s.memory());
        return m.metrics;
    }

    private void counters(StatsSnapshot c) {
        gauge("barista_connections_open", "Connections open now", c.openConnections());
        counter("barista_connections_accepted", "Connections accepted", c.acceptedConnections());
        counter("barista_connections_refused", "Connections refused at a limit (answered 503 and closed)",
                c.refusedConnections());
        counter("barista_requests", "Requests received", c.requests());
        counter("barista_bad_requests", "Messages rejected by the codec (400, 413, 431, ...)", c.badRequests());
        counter("barista_handler_errors", "Handlers that failed (answered 500)", c.handlerErrors());
        counter("barista_rejected_work", "Blocking work refused by a full worker pool (answered 503)",
                c.rejectedWork());
        counter("barista_timeouts", "Connections closed by a timeout", c.timeouts());
    }

    private void threads(ServerSnapshot.Threads t) {
        GaugeSnapshot.Builder threads = GaugeSnapshot.builder().name("barista_threads")
                .help("Threads by kind: the processes' platform threads, the virtual threads this server runs, "
                        + "and the carriers that run virtual threads")
                .dataPoint(point(Labels.of("kind", "platform"), t.platform()))
                .dataPoint(point(Labels.of("kind", "virtual"), t.virtualLive()));
        if (t.carriers() != null) threads.dataPoint(point(Labels.of("kind", "carrier"), t.carriers().poolSize()));
        metrics.add(threads.build());
        gauge("barista_platform_threads_peak", "Most platform threads alive at once since the JVM started",
                t.platformPeak());
        gauge("barista_platform_threads_daemon", "Platform daemon threads", t.platformDaemon());
        counter("barista_virtual_threads_started", "Virtual threads this server started", t.virtualStarted());
        ServerSnapshot.Carriers c = t.carriers();
        if (c == null) return;
        gauge("barista_carrier_parallelism", "Carrier threads the virtual-thread scheduler aims for",
                c.parallelism());
        gauge("barista_carrier_mounted_virtual_threads", "Virtual threads running on a carrier now", c.mounted());
        gauge("barista_carrier_queued_virtual_threads", "Virtual threads ready to run, waiting for a carrier",
                c.queued());
    }

    private void eventLoops(ServerSnapshot.Loops l) {
        gauge("barista_event_loops", "Event loops", l.count());
        counter("barista_event_loop_blocked_turns", "Loop turns longer than the blocked-loop threshold",
                l.blockedTurns());
        counter("barista_event_loop_tasks", "Tasks other threads handed to the event loops", l.tasksRun());
        metrics.add(CounterSnapshot.builder().name("barista_event_loop_busy_seconds").unit(Unit.SECONDS)
                .help("Time the event loops spent working rather than waiting in poll, summed over loops "
                        + "(utilization = rate of this / barista_event_loops)")
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(l.busyNanos() / 1e9).build())
                .build());
        metrics.add(GaugeSnapshot.builder().name("barista_event_loop_utilization_ratio").unit(Unit.RATIO)
                .help("The loops' mean busy fraction (0 to 1) over their last complete second")
                .dataPoint(point(Labels.EMPTY, l.utilization())).build());
        metrics.add(HistogramSnapshot.builder().name("barista_event_loop_lag_seconds").unit(Unit.SECONDS)
                .help("How late each loop's once-a-second timer fired (a busy or blocked loop runs timers late)")
                .dataPoint(histogramPoint(Labels.EMPTY, l.lag())).build());
    }

    private void memory(ServerSnapshot.Memory m) {
        gauge("barista_memory_budget_bytes", "Bytes the server may hold for its clients: buffered bodies, unsent "
                + "responses, blocking connections' buffers", m.budgetBytes());
        gauge("barista_memory_used_bytes", "Bytes of the budget held now", m.usedBytes());
        counter("barista_memory_refusals", "Requests and connections refused because the budget was spent "
                + "(answered 503)", m.refusals());
    }

    private void traffic(ServerSnapshot.Traffic t) {
        CounterSnapshot.Builder requests = CounterSnapshot.builder().name("barista_http_requests")
                .help("Responses by route pattern (<unmatched> for 404, 405 and rejected messages) and status class");
        HistogramSnapshot.Builder duration = HistogramSnapshot.builder().name("barista_http_request_duration_seconds")
                .unit(Unit.SECONDS)
                .help("From a request head's arrival to its response queued for writing, by route pattern");
        for (ServerSnapshot.RouteTraffic r : t.routes()) {
            r.responses().forEach((statusClass, count) -> requests.dataPoint(
                    CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(Labels.of("method", r.method(), "route", r.route(), "status", statusClass))
                            .value(count).build()));
            duration.dataPoint(histogramPoint(Labels.of("method", r.method(), "route", r.route()), r.duration()));
        }
        metrics.add(requests.build());
        metrics.add(duration.build());
        CounterSnapshot.Builder closes = CounterSnapshot.builder().name("barista_connections_closed")
                .help("Connections closed, by reason");
        t.closes().forEach((reason, count) -> closes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("reason", reason)).value(count).build()));
        metrics.add(closes.build());
        counter("barista_access_log_lines", "Access log lines written", t.accessLogLines());
        counter("barista_access_log_dropped", "Access log lines dropped because the writer fell behind (its queue "
                + "was full); requests are never slowed by the log", t.accessLogDropped());
    }

    private static final double[] UPPER_BOUNDS_SECONDS = upperBounds();

    private static double[] upperBounds() {
        long[] nanos = DurationHistogram.BOUNDS_NANOS;
        double[] bounds = new double[nanos.length + 1];
        for (int i = 0; i < nanos.length; i++) bounds[i] = nanos[i] / 1e9;
        bounds[nanos.length] = Double.POSITIVE_INFINITY;
        return bounds;
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot histogramPoint(Labels labels,
                                                                              DurationHistogram.Snapshot h) {
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, h.counts()))
                .sum(h.sumNanos() / 1e9).build();
    }

    private void workerPool(ServerSnapshot.Pool p) {
        gauge("barista_worker_pool_threads", "Platform threads of the worker pool", p.threads());
        gauge("barista_worker_pool_active_threads", "Worker pool threads running a task now", p.active());
        gauge("barista_worker_queue_depth", "Tasks (under thread-pool: connections) waiting for a worker thread",
                p.queued());
        counter("barista_worker_pool_rejected", "Tasks refused by a full worker pool", p.rejected());
        counter("barista_worker_pool_completed", "Tasks the worker pool finished", p.completed());
    }

    private void prefork(ServerSnapshot.Prefork p) {
        gauge("barista_prefork_workers", "Worker processes running (draining ones included)", p.workers());
        gauge("barista_prefork_workers_ready", "Worker processes listening and serving", p.ready());
        counter("barista_prefork_restarts", "Workers restarted after dying", p.restarts());
        counter("barista_prefork_reloads", "Reloads completed", p.reloads());
    }

    private void children(ServerSnapshot.Children c) {
        gauge("barista_children_live", "Connection child processes running", c.live());
        gauge("barista_children_max", "Connection child processes allowed at once", c.max());
        counter("barista_children_started", "Connection child processes started", c.started());
        metrics.add(SummarySnapshot.builder().name("barista_child_lifetime_seconds").unit(Unit.SECONDS)
                .help("Time from a child's spawn to its reaping (start-up, serving, exit)")
                .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().count(c.exited())
                        .sum(c.exited() * c.meanLifetimeMillis() / 1000).build())
                .build());
    }

    private void gauge(String name, String help, double value) {
        gauge(name, help, Labels.EMPTY, value);
    }

    private void gauge(String name, String help, Labels labels, double value) {
        metrics.add(GaugeSnapshot.builder().name(name).help(help).dataPoint(point(labels, value)).build());
    }

    private void counter(String name, String help, double value) {
        metrics.add(CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build()).build());
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
