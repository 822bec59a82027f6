package dev.barista.shop;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.handler.Request;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

/**
 * The user service: {@code GET /users/{id}} answers a {@link UserProfile} (404 for an unknown id). Profiles are
 * computed, never stored, so the route never blocks: it runs on the event loop, and its injected delay is a loop
 * timer.
 */
public final class UserService {
    private final UserDirectory directory;
    private final LoopTimers timers = new LoopTimers();
    private final FaultyResponder responder;

    public UserService(UserDirectory directory, Faults faults, InFlight inFlight) {
        this.directory = directory;
        this.responder = new FaultyResponder(faults, timers, inFlight);
    }

    public void addTo(Server.Builder builder) {
        builder.onStart(timers::attach);
        builder.get("/users/{id}", Endpoint.async(responder.nonBlocking(this::profile)));
    }

    private Response profile(Request request) {
        long id = ShopParams.longParam("id", request.pathParam("id"));
        UserProfile profile = directory.find(id).orElseThrow(() -> new HttpException(404, "no such user"));
        return Response.json(ShopJson.write(profile));
    }
}
