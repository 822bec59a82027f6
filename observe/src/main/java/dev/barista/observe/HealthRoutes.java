package dev.barista.observe;

import dev.barista.Server;
import dev.barista.handler.Request;
import dev.barista.http.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The three probes, for load balancers and orchestrators, each a JSON {@link HealthReport}:
 * <ul>
 *   <li>live: the process answers and no thread it cannot do without has died (else 503: restart it);</li>
 *   <li>ready: started, live, no graceful stop begun (once one has, 503, so traffic moves elsewhere while
 *       in-flight requests finish), and every registered check up;</li>
 *   <li>started: the server has started (a startup probe holds the others back until then).</li>
 * </ul>
 * Live and started read a flag or two, on the event loop. Ready starts its checks on virtual threads and
 * answers when they have, or at the check timeout: the loop never waits for a check.
 */
final class HealthRoutes {
    private final Supplier<Server> server;
    private final ReadinessChecks checks;
    private final Supplier<Duration> timeout;

    HealthRoutes(Supplier<Server> server, ReadinessChecks checks, Supplier<Duration> timeout) {
        this.server = server;
        this.checks = checks;
        this.timeout = timeout;
    }

    Response live(Request request) {
        Server serving = server.get();
        boolean live = serving == null || serving.isLive(); // not started yet is not dead
        return HealthReport.of(ReadinessChecks.SERVER, live ? HealthCheck.Result.up()
                : HealthCheck.Result.down("a server thread died; restart")).response();
    }

    CompletionStage<Response> ready(Request request) {
        HealthCheck.Result itself = serverReadiness(server.get());
        return checks.probe(timeout.get()).thenApply(outcomes -> {
            List<HealthReport.Entry> all = new ArrayList<>(outcomes.size() + 1);
            all.add(new HealthReport.Entry(ReadinessChecks.SERVER, itself));
            all.addAll(outcomes);
            return new HealthReport(all).response();
        });
    }

    Response started(Request request) {
        return HealthReport.of(ReadinessChecks.SERVER, server.get() != null ? HealthCheck.Result.up()
                : HealthCheck.Result.down("starting")).response();
    }

    private static HealthCheck.Result serverReadiness(Server serving) {
        if (serving == null) return HealthCheck.Result.down("starting");
        if (!serving.isLive()) return HealthCheck.Result.down("a server thread died; restart");
        if (!serving.isReady()) return HealthCheck.Result.down("stopping");
        return HealthCheck.Result.up();
    }
}
