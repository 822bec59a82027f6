package dev.barista.shop;

import java.util.Locale;

/** In which order the gateway calls its backends. */
public enum Plan {
    /** user, then the product query, then stock: the book's order. */
    CHAIN,
    /** user and the product query at once (the query does not need the user), then stock (it needs both). */
    CONCURRENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Plan ofLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
