package dev.barista.shop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One of the gateway's backends as a readiness check sees it: whether it accepts a connection now, and
 * whether searches need it. The product service is required (without it every search is 502 or 504); without
 * the user or the inventory service searches still answer, degraded ({@link SearchAnswer}'s failure policy).
 * A connection, not a request: a backend's injected faults must not flap the gateway's readiness.
 */
public record BackendProbe(String name, URI uri, boolean required) {

    /** The backends of {@code config}: {@code shop-user}, {@code shop-product} (required), {@code shop-inventory}. */
    public static List<BackendProbe> of(GatewayConfig config) {
        return List.of(new BackendProbe("shop-user", config.users(), false),
                new BackendProbe("shop-product", config.products(), true),
                new BackendProbe("shop-inventory", config.inventory(), false));
    }

    /**
     * Opens a TCP connection to the backend and closes it at once; throws, naming the backend's address, if it
     * cannot within {@code timeout}. Blocks: call it from a worker or a virtual thread, never an event loop.
     */
    public void connect(Duration timeout) throws IOException {
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), Math.toIntExact(timeout.toMillis()));
        } catch (IOException e) {
            throw new IOException(uri.getHost() + ":" + port + " is unreachable (" + e.getMessage() + ")", e);
        }
    }
}
