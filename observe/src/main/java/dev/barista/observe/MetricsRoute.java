package dev.barista.observe;

import dev.barista.Server;
import dev.barista.handler.Request;
import dev.barista.http.Response;
import dev.barista.server.ServerSnapshot;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the whole server's snapshot ({@link Server#wholeServerSnapshot()}) as {@code barista_*}
 * metrics, beside everything in the registry (JVM, process, build info, the embedder's own), in the format the
 * scraper's {@code Accept} header asks for: OpenMetrics text, else the Prometheus text format 0.0.4.
 *
 * <p>An async route, so the loop never waits: the snapshot is a handful of atomic reads here, or an IPC
 * answer from a prefork master or a connection parent, completed later. Rendering runs on this route's own
 * thread, not the loop nor the server's worker pool: the JVM collectors read MXBeans (thread states cost a
 * safepoint with thousands of threads) and {@code /proc}, and a scrape must still answer when the workers are
 * saturated, which is when it matters. Its queue is bounded: a flood of scrapes gets 503.
 *
 * <p>The JVM and process collectors and the build info join the registry at the first scrape: registering
 * them loads some hundreds of classes (half a second on a small machine), which a process that is never
 * scraped (a connection child of process-per-connection, say) should not pay.
 */
final class MetricsRoute {
    private static final int QUEUED_SCRAPES = 16;

    private final Supplier<Server> server;
    private final PrometheusRegistry registry;
    private final ThreadPoolExecutor renderer;
    /** Created at the first scrape; guarded by this (the renderer's thread may be replaced when idle). */
    private ExpositionFormats formats;

    MetricsRoute(Supplier<Server> server, PrometheusRegistry registry) {
        this.server = server;
        this.registry = registry;
        this.renderer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUED_SCRAPES),
                Thread.ofPlatform().name("barista-metrics").daemon(true).factory());
        renderer.allowCoreThreadTimeOut(true); // no thread while nobody scrapes
    }

    CompletionStage<Response> answer(Request request) {
        Server serving = server.get();
        if (serving == null) return CompletableFuture.completedFuture(Response.error(503, "Server starting"));
        String accept = String.join(", ", request.headers().getAll("accept"));
        return serving.wholeServerSnapshot()
                .thenApplyAsync(snapshot -> render(accept, snapshot), renderer)
                .exceptionally(MetricsRoute::busy);
    }

    private Response render(String accept, ServerSnapshot snapshot) {
        ExpositionFormatWriter writer = formats().findWriter(accept);
        List<MetricSnapshot> all = new ArrayList<>(ServerSnapshotMetrics.of(snapshot));
        registry.scrape().forEach(all::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            writer.write(out, new MetricSnapshots(all));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return Response.status(200).contentType(writer.getContentType()).body(out.toByteArray());
    }

    /** The writers; the first call also registers the JVM and process collectors and the build info. */
    private synchronized ExpositionFormats formats() {
        if (formats == null) {
            Info.builder().name("barista_build_info").help("The Barista build serving (the value is always 1)")
                    .labelNames("version").register(registry).setLabelValues(BuildVersion.version());
            JvmMetrics.builder().register(registry); // jvm_* and process_*
            formats = ExpositionFormats.init();
        }
        return formats;
    }

    private static Response busy(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof RejectedExecutionException) {
            return Response.status(503).header("Retry-After", "1").body("too many scrapes in progress\n");
        }
        throw failure instanceof CompletionException c ? c : new CompletionException(failure);
    }
}
