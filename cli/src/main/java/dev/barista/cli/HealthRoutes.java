package dev.barista.cli;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;

/**
 * {@code /health/live} and {@code /health/ready}, for load balancers and orchestrators. Live: the process
 * answers and no thread it cannot do without has died (else 503: restart it). Ready: live, and no graceful
 * stop has begun; once one has, ready answers 503, so traffic moves elsewhere while in-flight requests
 * finish. Both run on the event loop: they read a flag or two.
 */
public final class HealthRoutes {
    /** Set once the server serves, in whichever process serves (see {@link Server.Builder#onStart}). */
    private volatile Server server;

    private HealthRoutes() {
    }

    public static Server.Builder addTo(Server.Builder builder) {
        HealthRoutes routes = new HealthRoutes();
        return builder.onStart(started -> routes.server = started)
                .get("/health/live", Endpoint.nonBlocking(request -> routes.liveness()))
                .get("/health/ready", Endpoint.nonBlocking(request -> routes.readiness()));
    }

    private Response liveness() {
        Server serving = server;
        if (serving != null && !serving.isLive()) return Response.error(503, "A server thread died; restart");
        return Response.text("live\n");
    }

    private Response readiness() {
        Server serving = server;
        if (serving == null) return Response.error(503, "Starting");
        if (!serving.isReady()) return Response.error(503, "Stopping");
        return Response.text("ready\n");
    }
}
