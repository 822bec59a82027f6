package dev.barista.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where routes are registered: the server's builder and every group share these methods. One method per
 * HTTP method, each taking a {@link Handler} (which may block) or an {@link Endpoint} that says how it runs;
 * filters for everything registered at this level; groups under a path prefix.
 *
 * <pre>{@code
 * builder.filter(requestId)                                    // every route, and the server's own 404/405
 *        .get("/health", nonBlocking(request -> Response.text("ok")))
 *        .group("/api", api -> api
 *                .filter(auth)                                 // /api/... only
 *                .get("/users/{id}", users::find)
 *                .post("/users", users::create));
 * }</pre>
 *
 * @param <SELF> the concrete type, returned by every method for chaining
 */
public abstract class Routes<SELF extends Routes<SELF>> {
    private final String prefix;
    private final List<Filter> filters = new ArrayList<>();
    /** Routes ({@link Route}, pattern relative to this level) and groups, in registration order. */
    private final List<Object> entries = new ArrayList<>();

    protected Routes(String prefix) {
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            throw new IllegalArgumentException("a group prefix starts with '/' and does not end with one: " + prefix);
        }
        this.prefix = prefix;
    }

    protected abstract SELF self();

    public SELF get(String pattern, Handler handler) {
        return route("GET", pattern, Endpoint.blocking(handler));
    }

    public SELF get(String pattern, Endpoint endpoint) {
        return route("GET", pattern, endpoint);
    }

    /** HEAD is also answered by the GET route of the same path, without the body, unless one is registered. */
    public SELF head(String pattern, Handler handler) {
        return route("HEAD", pattern, Endpoint.blocking(handler));
    }

    public SELF head(String pattern, Endpoint endpoint) {
        return route("HEAD", pattern, endpoint);
    }

    public SELF post(String pattern, Handler handler) {
        return route("POST", pattern, Endpoint.blocking(handler));
    }

    public SELF post(String pattern, Endpoint endpoint) {
        return route("POST", pattern, endpoint);
    }

    public SELF put(String pattern, Handler handler) {
        return route("PUT", pattern, Endpoint.blocking(handler));
    }

    public SELF put(String pattern, Endpoint endpoint) {
        return route("PUT", pattern, endpoint);
    }

    public SELF patch(String pattern, Handler handler) {
        return route("PATCH", pattern, Endpoint.blocking(handler));
    }

    public SELF patch(String pattern, Endpoint endpoint) {
        return route("PATCH", pattern, endpoint);
    }

    public SELF delete(String pattern, Handler handler) {
        return route("DELETE", pattern, Endpoint.blocking(handler));
    }

    public SELF delete(String pattern, Endpoint endpoint) {
        return route("DELETE", pattern, endpoint);
    }

    public SELF options(String pattern, Handler handler) {
        return route("OPTIONS", pattern, Endpoint.blocking(handler));
    }

    public SELF options(String pattern, Endpoint endpoint) {
        return route("OPTIONS", pattern, endpoint);
    }

    /** Any method token (say, {@code PROPFIND}); CONNECT is refused by the codec. */
    public SELF route(String method, String pattern, Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern must start with '/': " + pattern);
        entries.add(new Route(method, pattern, endpoint));
        return self();
    }

    /** RFC 9110's token: what a method may be. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /** Wraps every route of this level and its groups, whenever registered. */
    public SELF filter(Filter filter) {
        filters.add(Objects.requireNonNull(filter));
        return self();
    }

    /**
     * Routes under {@code prefix} ({@code "/api"}), with filters of their own. In the group, {@code "/"} is the
     * prefix itself ({@code /api}) and {@code "/users"} is {@code /api/users}.
     */
    public SELF group(String prefix, Consumer<RouteGroup> routes) {
        RouteGroup group = new RouteGroup(prefix);
        routes.accept(group);
        entries.add(group);
        return self();
    }

    /** This level's own filters, outermost first. */
    protected List<Filter> filters() {
        return List.copyOf(filters);
    }

    /**
     * Every route of this level and its groups with its full pattern, and the filters around it in
     * {@link Endpoint#filters()}: {@code outer}, then each level's, then the endpoint's own, outermost first.
     */
    protected List<Route> flatten(List<Filter> outer) {
        List<Filter> around = new ArrayList<>(outer);
        around.addAll(filters);
        List<Route> all = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof Route r) {
                String pattern = prefix + (r.pattern().equals("/") && !prefix.isEmpty() ? "" : r.pattern());
                List<Filter> chain = new ArrayList<>(around);
                chain.addAll(r.endpoint().filters());
                Endpoint endpoint = rebase(r.endpoint(), chain);
                all.add(new Route(r.method(), pattern, endpoint));
            } else if (entry instanceof RouteGroup g) {
                for (Route r : g.flatten(around)) {
                    all.add(new Route(r.method(), prefix + r.pattern(), r.endpoint()));
                }
            }
        }
        return all;
    }

    private static Endpoint rebase(Endpoint e, List<Filter> chain) {
        Endpoint bare = switch (e.kind()) {
            case BLOCKING -> Endpoint.blocking(e.handler());
            case NON_BLOCKING -> Endpoint.nonBlocking(e.handler());
            case ASYNC -> Endpoint.async(e.asyncHandler());
            case STREAMING -> Endpoint.streaming(e.handler());
        };
        if (e.deadline() != null) bare = bare.deadline(e.deadline());
        return chain.isEmpty() ? bare : bare.with(chain.toArray(Filter[]::new));
    }
}
