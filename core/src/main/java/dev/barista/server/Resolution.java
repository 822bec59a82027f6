package dev.barista.server;

import dev.barista.handler.Request;
import dev.barista.handler.RequestBody;
import dev.barista.handler.Route;
import dev.barista.handler.RouteMatch;
import dev.barista.handler.Router;
import dev.barista.http.Headers;
import dev.barista.http.HttpException;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

/**
 * What a complete request resolves to, the same for every transport: an answer the server gives itself
 * (404, 405 with Allow, 400 for a malformed path) or a call to a route's endpoint.
 */
public sealed interface Resolution {

    record Answer(Response response) implements Resolution {
    }

    record Call(Route route, Request request) implements Resolution {
    }

    static Resolution of(Router router, RequestHead head, RequestBody body, Headers trailers) {
        RouteMatch match;
        try {
            match = router.match(head.method(), head.path());
        } catch (HttpException e) {
            return new Answer(Response.error(e.status(), e.getMessage()));
        }
        return switch (match) {
            case RouteMatch.NotFound ignored -> new Answer(Response.error(404, "Not Found"));
            case RouteMatch.MethodNotAllowed m -> new Answer(Response.status(405).header("Allow", m.allow())
                    .contentType(Response.TEXT_PLAIN).body("Method Not Allowed\n"));
            case RouteMatch.Found found -> new Call(found.route(), new Request(head, body, trailers, found.params()));
        };
    }
}
