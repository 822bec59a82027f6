package dev.barista.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.barista.handler.Endpoint;
import dev.barista.handler.Request;
import dev.barista.handler.Routes;
import dev.barista.http.HttpException;
import dev.barista.http.Response;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routes {@code barista serve} offers: a page listing what to try, TechEmpower's plaintext and JSON
 * tests, an echo for testing clients, and a blocking route that shows the kitchen at work. The other routes
 * the page lists are {@link StatsRoutes} and barista-observe's {@code Observability}.
 */
public final class DemoRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long MAX_SLEEP_MILLIS = 10_000;

    private DemoRoutes() {
    }

    /** TechEmpower's JSON test object: instantiated and serialized on every request. */
    public record Message(String message) {
    }

    public static <R extends Routes<R>> R addTo(R routes) {
        return routes
                .get("/", Endpoint.nonBlocking(request -> Response.status(200).contentType(Response.TEXT_PLAIN)
                        .body(index(request.header("host")))))
                .get("/plaintext", Endpoint.nonBlocking(request -> Response.status(200).contentType("text/plain")
                        .body(HELLO)))
                .get("/json", Endpoint.nonBlocking(request -> Response.json(
                        JSON.writeValueAsBytes(new Message("Hello, World!")))))
                .post("/echo", Endpoint.nonBlocking(request -> Response.status(200)
                        .contentType(contentTypeOr(request.header("content-type"), "application/octet-stream"))
                        .body(request.body().bytes())))
                .get("/whoami", Endpoint.nonBlocking(request -> Response.json(JSON.writeValueAsBytes(whoami(request)))))
                .get("/sleep", request -> {
                    // A blocking call, like JDBC: it runs in the kitchen (a worker), never on a loop.
                    long millis = parseMillis(request.queryParam("ms"));
                    Thread.sleep(millis);
                    return Response.json(JSON.writeValueAsBytes(Map.of("slept_ms", millis,
                            "thread", Thread.currentThread().getName())));
                });
    }

    /**
     * Who the server believes it is talking to: the peer, and the client behind trusted proxies (PROXY protocol,
     * Forwarded, X-Forwarded-*; see serve --trusted-proxies). Behind a balancer, the two differ.
     */
    private static Map<String, Object> whoami(Request request) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("client", address(request.clientAddress()));
        who.put("peer", address(request.remoteAddress()));
        who.put("scheme", request.scheme());
        who.put("host", request.host());
        who.put("server", address(request.localAddress()));
        return who;
    }

    private static String address(InetSocketAddress a) {
        return a == null ? null : a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String contentTypeOr(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static long parseMillis(String value) {
        if (value == null) return 100;
        try {
            long ms = Long.parseLong(value);
            if (ms < 0 || ms > MAX_SLEEP_MILLIS) throw new HttpException(400, "ms must be 0.." + MAX_SLEEP_MILLIS);
            return ms;
        } catch (NumberFormatException e) {
            throw new HttpException(400, "ms must be a whole number of milliseconds");
        }
    }

    private static String index(String host) {
        String base = "http://" + (host == null || host.isEmpty() ? "localhost:8080" : host);
        return """
                Barista is serving. Try:

                  curl %1$s/plaintext            TechEmpower plaintext (runs on the event loop)
                  curl %1$s/json                 TechEmpower JSON (serialized per request)
                  curl -d 'hi' %1$s/echo         echoes the request body
                  curl '%1$s/sleep?ms=200'       a blocking handler: runs on a worker, never on a loop
                  curl %1$s/stats                what the model costs now: threads, processes, queues (JSON)
                  curl %1$s/metrics              the same in the Prometheus format, with the JVM's and the process's
                  curl %1$s/health/ready         200 while serving and the shop's backends answer (JSON),
                                                   503 once a graceful stop began
                  curl %1$s/health/live          200 unless a thread the server needs died; /health/started too
                """.formatted(base);
    }
}
