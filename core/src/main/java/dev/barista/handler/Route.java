package dev.barista.handler;

import java.util.Arrays;
import java.util.List;

/**
 * A method, a path pattern and the endpoint serving them. Patterns are literal segments, {@code {name}}
 * segments that capture one path segment, and an optional final {@code *} that captures the rest.
 */
public record Route(String method, String pattern, Endpoint endpoint) {

    List<String> segments() {
        return Arrays.stream(pattern.split("/", -1)).skip(1).toList();
    }

    boolean isLiteral() {
        return pattern.indexOf('{') < 0 && !pattern.endsWith("*");
    }

    @Override
    public String toString() {
        return method + " " + pattern;
    }
}
