package dev.barista.cli;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;

/**
 * {@code /health/live} and {@code /health/ready}, for load balancers and orchestrators. Live: the process
 * answers. Ready: it answers and no graceful stop has begun; once one has, ready answers 503, so traffic
 * moves elsewhere while in-flight requests finish. Both run on the event loop: they read one flag.
 */
public final class HealthRoutes {
    /** Set once the server serves, in whichever process serves (see {@link Server.Builder#onStart}). */
    private volatile Server server;

    private HealthRoutes() {
    }

    public static Server.Builder addTo(Server.Builder builder) {
        HealthRoutes routes = new HealthRoutes();
        return builder.onStart(started -> routes.server = started)
                .get("/health/live", Endpoint.nonBlocking(request -> Response.text("live\n")))
                .get("/health/ready", Endpoint.nonBlocking(request -> routes.readiness()));
    }

    private Response readiness() {
        Server serving = server;
        if (serving == null) return Response.error(503, "Starting");
        if (!serving.isReady()) return Response.error(503, "Stopping");
        return Response.text("ready\n");
    }
}
