package dev.barista.handler;

import java.util.Arrays;
import java.util.List;

/**
 * A method, a path pattern and the endpoint serving them. Patterns are literal segments, {@code {name}}
 * segments that capture one path segment, and an optional final {@code *} that captures the rest. Routes
 * compare by identity: one route per method and pattern.
 */
public final class Route {
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final int id = IDS.getAndIncrement();
    private final String method;
    private final String pattern;
    private final Endpoint endpoint;

    public Route(String method, String pattern, Endpoint endpoint) {
        if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern must start with '/': " + pattern);
        this.method = method;
        this.pattern = pattern;
        this.endpoint = endpoint;
    }

    public String method() {
        return method;
    }

    /** A number unique to this route in this JVM, small and dense: for tables indexed by route. */
    public int id() {
        return id;
    }

    public String pattern() {
        return pattern;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The pattern's segments after the leading slash. */
    public List<String> segments() {
        return Arrays.stream(pattern.split("/", -1)).skip(1).toList();
    }

    public boolean isLiteral() {
        return pattern.indexOf('{') < 0 && !pattern.endsWith("*");
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
