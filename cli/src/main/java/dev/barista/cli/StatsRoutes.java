package dev.barista.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.server.ServerSnapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /stats}: what the running server costs, under every model, from {@link Server#wholeServerSnapshot()},
 * as JSON (snake_case, as the lab reads it). The same numbers in the Prometheus format are barista-observe's
 * {@code /metrics}.
 *
 * <p>An async route, started on the event loop under the loop models: a snapshot is a handful of atomic reads
 * and never blocks. The one wait is a child process's: a prefork worker asks its master, a connection child
 * its parent, over IPC, and the response completes on the thread that reads the answer (or after the query's
 * short timeout, with the child's own numbers marked partial), while the loop goes on serving.
 *
 * <p>The route is registered before the server starts; {@link Server.Builder#onStart} hands it the server
 * once it serves, in whichever process serves (a prefork worker or a connection child included).
 */
public final class StatsRoutes {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL); // a section the model lacks is left out

    /** Set once the server serves; written by the starting thread, read by the routes' threads. */
    private volatile Server server;

    private StatsRoutes() {
    }

    /** Registers {@code /stats} on {@code builder}, and the hook that feeds it. */
    public static Server.Builder addTo(Server.Builder builder) {
        StatsRoutes routes = new StatsRoutes();
        return builder.onStart(started -> routes.server = started)
                .get("/stats", Endpoint.async(request -> routes.answer()));
    }

    private CompletionStage<Response> answer() {
        Server serving = server;
        if (serving == null) return CompletableFuture.completedFuture(Response.error(503, "Server starting"));
        return serving.wholeServerSnapshot().thenApply(StatsRoutes::json);
    }

    private static Response json(ServerSnapshot snapshot) {
        try {
            return Response.json(JSON.writeValueAsBytes(snapshot));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a snapshot is plain records: it always serializes", e);
        }
    }
}
