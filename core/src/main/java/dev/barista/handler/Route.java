package dev.barista.handler;

import java.util.Arrays;
import java.util.List;

/**
 * A method, a path pattern and the endpoint serving them. Patterns are literal segments, {@code {name}}
 * segments that capture one path segment, and an optional final {@code *} that captures the rest. Routes
 * compare by identity: one route per method and pattern.
 */
public final class Route {
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
