package dev.barista.handler;

import dev.barista.http.ClientOrigin;
import dev.barista.http.Cookies;
import dev.barista.http.FormData;
import dev.barista.http.Headers;
import dev.barista.http.HttpException;
import dev.barista.http.HttpVersion;
import dev.barista.http.MediaType;
import dev.barista.http.RequestHead;

import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a handler sees: the immutable request head, the body, the route's path parameters, the connection
 * it came on, and attributes that filters and handlers share. Safe to hand to another thread; derived views
 * (query, cookies, form, client origin) are computed on first use.
 */
public final class Request {
    private static final String[] NO_PARAMS = new String[0];

    private final RequestHead head;
    private final RequestBody body;
    private final String[] pathParams;
    private final Route route;
    private final ConnectionInfo connection;
    private final RequestSettings settings;
    /** Views computed on first use, kept apart so that a request that needs none costs one small object. */
    private Derived derived;
    private volatile Map<String, Object> attributes;

    /** The lazily computed views of a request (benign races: each is the same whichever thread computes it). */
    private static final class Derived {
        Map<String, List<String>> queryParams;
        Map<String, String> cookies;
        Map<String, List<String>> form;
        ClientOrigin origin;
    }

    /** A request with no route, connection or settings: for tests and examples. */
    public Request(RequestHead head, RequestBody body) {
        this(head, body, NO_PARAMS, null, ConnectionInfo.NONE, RequestSettings.DEFAULTS);
    }

    /**
     * @param pathParams alternating names and decoded values of the route's {@code {name}} segments
     * @param route      the route serving it, or null for the server's own answers (404, 405)
     */
    public Request(RequestHead head, RequestBody body, String[] pathParams, Route route, ConnectionInfo connection,
                   RequestSettings settings) {
        this.head = head;
        this.body = body;
        this.pathParams = pathParams;
        this.route = route;
        this.connection = connection;
        this.settings = settings;
    }

    public RequestHead head() {
        return head;
    }

    public String method() {
        return head.method();
    }

    /** The raw path, without the query. */
    public String path() {
        return head.path();
    }

    public HttpVersion version() {
        return head.version();
    }

    /** The protocol that carried the request, as in its start line: {@code HTTP/1.1}, {@code HTTP/1.0}. */
    public String protocol() {
        return head.version().toString();
    }

    public Headers headers() {
        return head.headers();
    }

    public String header(String name) {
        return head.headers().get(name);
    }

    public RequestBody body() {
        return body;
    }

    /** Trailer fields of a chunked body; empty otherwise (for a streamed body, once it has been read). */
    public Headers trailers() {
        return body.trailers();
    }

    /** The route serving this request, or null for the server's own answers (404, 405). */
    public Route route() {
        return route;
    }

    public ConnectionInfo connection() {
        return connection;
    }

    /** A {@code {name}} segment of the route's pattern, decoded; null if the pattern has none. */
    public String pathParam(String name) {
        for (int i = 0; i < pathParams.length; i += 2) {
            if (pathParams[i].equals(name)) return pathParams[i + 1];
        }
        return null;
    }

    /** The first value of a query parameter, decoded ({@code +} is a space), or null. */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null ? null : values.getFirst();
    }

    public Map<String, List<String>> queryParams() {
        Derived d = derived();
        if (d.queryParams == null) {
            d.queryParams = head.query() == null ? Map.of() : FormData.parse(head.query(), settings.maxFormFields());
        }
        return d.queryParams;
    }

    private Derived derived() {
        Derived d = derived;
        if (d == null) derived = d = new Derived();
        return d;
    }

    // ---- addresses -----------------------------------------------------------------------------------

    /** The connection's client: the TCP peer, or the source of a PROXY protocol header. */
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    /**
     * The client behind any trusted proxies: from {@code Forwarded} or {@code X-Forwarded-For} when the peer
     * is one of the server's trusted proxies, else {@link #remoteAddress()}. Never taken from an untrusted peer.
     */
    public InetSocketAddress clientAddress() {
        return origin().address();
    }

    /** {@code http} or {@code https}: the connection's, or what a trusted proxy says the client used. */
    public String scheme() {
        return origin().scheme();
    }

    /** The host the client asked for: a trusted proxy's forwarded host, else the request's authority. */
    public String host() {
        String forwarded = origin().host();
        return forwarded != null ? forwarded : head.authority();
    }

    private ClientOrigin origin() {
        Derived d = derived();
        if (d.origin == null) {
            d.origin = settings.trustedProxies().resolve(connection.remoteAddress(), head.headers(), connection.scheme());
        }
        return d.origin;
    }

    // ---- cookies, forms, JSON ------------------------------------------------------------------------

    /** The request's cookies (RFC 6265), by name; the first of a repeated name wins. */
    public Map<String, String> cookies() {
        Derived d = derived();
        if (d.cookies == null) d.cookies = Cookies.parse(head.headers().getAll("cookie"));
        return d.cookies;
    }

    public String cookie(String name) {
        return cookies().get(name);
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body, decoded in its charset; empty for any
     * other content type. Reads the body (which may block for a streamed one).
     *
     * @throws HttpException 413 beyond the server's {@code maxFormFields}
     */
    public Map<String, List<String>> form() {
        Derived d = derived();
        if (d.form == null) {
            MediaType type = MediaType.parse(header("content-type"));
            d.form = type != null && type.is("application", "x-www-form-urlencoded")
                    ? FormData.parse(body.bytes(), body.charset(), settings.maxFormFields()) : Map.of();
        }
        return d.form;
    }

    /** The first value of a form field, or null. */
    public String formParam(String name) {
        List<String> values = form().get(name);
        return values == null ? null : values.getFirst();
    }

    /**
     * The body read as JSON into {@code type} by the server's {@link JsonMapper}.
     *
     * @throws HttpException 400 when the body is not JSON of that shape; 500 when no mapper is configured
     */
    public <T> T bodyAs(Class<T> type) {
        return type.cast(bodyAs((Type) type));
    }

    /** As {@link #bodyAs(Class)}, for a generic type such as {@code List<User>}. */
    public Object bodyAs(Type type) {
        JsonMapper json = settings.json();
        if (json == null) {
            throw new IllegalStateException("no JsonMapper: add barista-jackson or set Server.Builder.json(...)");
        }
        try {
            return json.read(body.bytes(), type);
        } catch (HttpException e) {
            throw e;
        } catch (Exception e) {
            throw new HttpException(400, "Malformed JSON body");
        }
    }

    // ---- attributes ----------------------------------------------------------------------------------

    /** A value a filter or handler attached to this request, or null. */
    public Object attribute(String name) {
        Map<String, Object> a = attributes;
        return a == null ? null : a.get(name);
    }

    /** Attaches a value for later filters and the handler (null removes it). */
    public Request attribute(String name, Object value) {
        Map<String, Object> a = attributes();
        if (value == null) a.remove(name);
        else a.put(name, value);
        return this;
    }

    /** The attributes, live (a concurrent map, for handlers that hand the request on). */
    public Map<String, Object> attributes() {
        Map<String, Object> a = attributes;
        if (a == null) {
            synchronized (this) {
                a = attributes;
                if (a == null) attributes = a = new ConcurrentHashMap<>();
            }
        }
        return a;
    }


    @Override
    public String toString() {
        return head.toString();
    }
}
