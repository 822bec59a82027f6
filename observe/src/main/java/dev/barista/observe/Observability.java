package dev.barista.observe;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.Objects;

/**
 * Metrics and health for a Barista server, added with one call:
 *
 * <pre>{@code
 * Server server = Observability.create()
 *         .readinessCheck("database", () -> db.isValid(1)
 *                 ? HealthCheck.Result.up() : HealthCheck.Result.down("no connection"))
 *         .addTo(Server.builder().port(8080))
 *         .get("/hello", nonBlocking(request -> Response.text("Hello")))
 *         .start();
 * }</pre>
 *
 * <table>
 *   <caption>The routes it adds</caption>
 *   <tr><td>{@code GET /metrics}</td><td>Prometheus: {@code barista_*} (the whole server, under every model),
 *       {@code jvm_*}, {@code process_*}, {@code barista_build_info{version}}, and whatever the embedder adds to
 *       {@link #registry()}; OpenMetrics when the {@code Accept} header asks for it</td></tr>
 *   <tr><td>{@code GET /health/live}</td><td>200, or 503 once a thread the server needs has died</td></tr>
 *   <tr><td>{@code GET /health/ready}</td><td>200 while serving with every readiness check up (or degraded);
 *       503 before the start, once a graceful stop begins, or while a check is down, throws or is late</td></tr>
 *   <tr><td>{@code GET /health/started}</td><td>200 once the server has started (a startup probe)</td></tr>
 * </table>
 * The health bodies are JSON: {@code {"status":"UP","checks":[{"name":"server","status":"UP"}]}}.
 *
 * <p>None of the routes blocks an event loop: the probes read flags, readiness checks run on virtual threads,
 * and {@code /metrics} renders on a thread of its own. One instance serves one server (in each process that
 * serves it, under the multi-process models).
 */
public final class Observability {
    /** How long {@code /health/ready} waits for a check, by default: under Kubernetes' 1 s probe timeout. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMillis(500);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ReadinessChecks checks = new ReadinessChecks();
    private volatile Duration checkTimeout = DEFAULT_CHECK_TIMEOUT;
    /** Set once the server serves, in whichever process serves; read by the routes' threads. */
    private volatile Server server;
    private boolean added; // guarded by this

    private Observability() {
    }

    /**
     * No readiness check yet, and an empty registry: the JVM and process metrics and the build info join it at
     * the first scrape of {@code /metrics}.
     */
    public static Observability create() {
        return new Observability();
    }

    /**
     * Adds a check that {@code /health/ready} runs at every probe, from any thread, before or after the start.
     * Names are unique ({@code "server"} is the server's own).
     */
    public Observability readinessCheck(String name, HealthCheck check) {
        checks.register(name, check);
        return this;
    }

    /** How long {@code /health/ready} waits for each check before counting it down (default 500 ms). */
    public Observability checkTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a check timeout must be > 0");
        }
        this.checkTimeout = timeout;
        return this;
    }

    /** The registry {@code /metrics} exposes: register the application's own metrics here. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The version {@code barista_build_info} reports: the build's, or "unknown" outside a Maven build. */
    public static String version() {
        return BuildVersion.version();
    }

    /** Adds {@code /metrics} and {@code /health/live|ready|started} to {@code builder}, and the hook feeding them. */
    public Server.Builder addTo(Server.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        synchronized (this) {
            if (added) throw new IllegalStateException("an Observability serves one server: create one per builder");
            added = true;
        }
        MetricsRoute metrics = new MetricsRoute(this::server, registry);
        HealthRoutes health = new HealthRoutes(this::server, checks, () -> checkTimeout);
        return builder.onStart(started -> server = started)
                .get("/metrics", Endpoint.async(metrics::answer))
                .get("/health/live", Endpoint.nonBlocking(health::live))
                .get("/health/ready", Endpoint.async(health::ready))
                .get("/health/started", Endpoint.nonBlocking(health::started));
    }

    private Server server() {
        return server;
    }
}
