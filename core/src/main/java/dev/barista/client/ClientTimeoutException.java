package dev.barista.client;

import java.io.IOException;

/** A request ran out of one of its waits; {@link #phase()} says which. */
public final class ClientTimeoutException extends IOException {

    /** Which wait ran out. */
    public enum Phase {
        /** Waiting for a pooled connection ({@code acquireTimeout}). */
        ACQUIRE,
        /** Opening the TCP connection ({@code connectTimeout}). */
        CONNECT,
        /** Sending the request and receiving the whole response ({@code requestTimeout}). */
        REQUEST
    }

    private final Phase phase;

    public ClientTimeoutException(Phase phase, String message) {
        super(message);
        this.phase = phase;
    }

    public Phase phase() {
        return phase;
    }
}
