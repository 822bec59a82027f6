package dev.barista.load.lab;

import java.util.List;

/**
 * What the lab asks of each server. {@code plaintext} never blocks; {@code blocking} holds a thread for
 * 10 ms like a JDBC call; {@code search} is the shop's gateway fanning out to its backends (the shop
 * branch's contract: {@code serve --shop-latency 20ms} serves {@code GET /search?q=&user=}).
 */
public enum Workload {
    PLAINTEXT("plaintext", "/plaintext", "GET /plaintext: a non-blocking handler on the loop", List.of()),
    BLOCKING("blocking", "/sleep?ms=10", "GET /sleep?ms=10: a handler that blocks 10 ms, like a JDBC call", List.of()),
    SEARCH("search", "/search?q=coffee&user=42", "GET /search on the shop gateway, backends answering in 20 ms",
            List.of("--shop-latency", "20ms"));

    private final String label;
    private final String target;
    private final String description;
    private final List<String> serverArgs;

    Workload(String label, String target, String description, List<String> serverArgs) {
        this.label = label;
        this.target = target;
        this.description = description;
        this.serverArgs = serverArgs;
    }

    public String label() {
        return label;
    }

    /** The request target, path and query. */
    public String target() {
        return target;
    }

    public String description() {
        return description;
    }

    /** Extra {@code barista serve} arguments the workload needs. */
    public List<String> serverArgs() {
        return serverArgs;
    }

    public static Workload named(String name) {
        for (Workload w : values()) if (w.label.equals(name)) return w;
        throw new IllegalArgumentException("unknown workload '" + name + "'; valid: plaintext, blocking, search");
    }
}
