package dev.barista.client;

import java.io.IOException;

/**
 * A request refused at once because its upstream already has {@code maxConnections} requests in flight and
 * {@code maxPending} more waiting: backpressure, so a caller can shed load instead of queueing without bound.
 */
public final class ClientOverloadedException extends IOException {
    public ClientOverloadedException(String message) {
        super(message);
    }
}
