package dev.barista.dispatch;

import dev.barista.handler.Filter;
import dev.barista.handler.Request;
import dev.barista.http.Response;

import java.util.function.IntSupplier;

/**
 * Sends a request that came in the clear to the same URL over HTTPS (308: the method and body are kept), when
 * the server is told to. Requests that came over TLS, or that a trusted proxy says came over HTTPS, pass.
 * Health checks pass too: a load balancer probes the port it was given.
 */
public final class HttpsRedirect implements Filter {
    private final IntSupplier tlsPort;

    /** @param tlsPort the TLS listener's port, asked per request: it is known once the server listens */
    public HttpsRedirect(IntSupplier tlsPort) {
        this.tlsPort = tlsPort;
    }

    @Override
    public Response before(Request request) {
        if ("https".equals(request.scheme()) || request.path().startsWith("/health/")) return null;
        String host = request.host();
        if (host == null) return Response.error(400, "Missing Host");
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.indexOf(':') >= 0 ? host.substring(0, host.indexOf(':')) : host;
        int tls = tlsPort.getAsInt();
        String port = tls == 443 ? "" : ":" + tls;
        return Response.status(308).header("Location", "https://" + name + port + request.head().target())
                .body(new byte[0]);
    }
}
