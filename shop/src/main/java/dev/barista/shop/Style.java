package dev.barista.shop;

import java.util.Locale;

/** How the gateway's handler waits for its three calls (the chapter's sequence of versions). */
public enum Style {
    /** Sequential blocking calls on a worker thread: the chapter's v1. */
    BLOCKING,
    /** Continuations chained by callbacks on the event loop: v2. */
    CALLBACKS,
    /** CompletableFuture composition. */
    FUTURES,
    /** Virtual threads: straight-line blocking-looking code that holds no carrier while it waits. */
    COROUTINES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Style ofLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
