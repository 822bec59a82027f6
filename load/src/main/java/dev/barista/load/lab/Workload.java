package dev.barista.load.lab;

import dev.barista.load.RequestMix;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the lab asks of each server. {@code plaintext} never blocks; {@code blocking} holds a thread for
 * 10 ms like a JDBC call; {@code mixed} is mostly plaintext with a share of 10-50 ms blocking calls on the same
 * connections, the two measured apart; {@code connect} opens a new connection per request; the search
 * workloads are the shop's gateway fanning out to its backends ({@code serve --shop-latency 20ms}), in each of
 * its four call styles and two plans ({@code search} alone is the gateway's default: futures, concurrent).
 */
public enum Workload {
    PLAINTEXT("plaintext", "/plaintext", "GET /plaintext: a non-blocking handler on the loop"),
    BLOCKING("blocking", "/sleep?ms=10", "GET /sleep?ms=10: a handler that blocks 10 ms, like a JDBC call"),
    MIXED("mixed", "/plaintext", "GET /plaintext on every connection, and on the same connections one request in "
            + MixedShape.SLOW_PERCENT + " a blocking GET /sleep?ms=10..50: the fast requests' latency is measured "
            + "apart from the slow ones'"),
    CONNECT("connect", "/plaintext", "GET /plaintext on a new connection each time: the client closes after the "
            + "response and connects again, and the latency counts from the connect (a 30 s timeout, long enough "
            + "for a JVM to start)"),
    SEARCH("search", "/search?q=coffee&user=42", "GET /search on the shop gateway (futures, concurrent), backends "
            + "answering in 20 ms"),
    SEARCH_BLOCKING_CHAIN("blocking", "chain"),
    SEARCH_BLOCKING_CONCURRENT("blocking", "concurrent"),
    SEARCH_CALLBACKS_CHAIN("callbacks", "chain"),
    SEARCH_CALLBACKS_CONCURRENT("callbacks", "concurrent"),
    SEARCH_FUTURES_CHAIN("futures", "chain"),
    SEARCH_FUTURES_CONCURRENT("futures", "concurrent"),
    SEARCH_COROUTINES_CHAIN("coroutines", "chain"),
    SEARCH_COROUTINES_CONCURRENT("coroutines", "concurrent");

    /** Every search backend answers after this long ({@code --shop-latency}). */
    public static final int BACKEND_MILLIS = 20;
    /** The name that selects the eight style x plan search workloads at once. */
    public static final String SEARCH_STYLES = "search-styles";

    private final String label;
    private final String target;
    private final String description;
    private final String style;
    private final String plan;

    Workload(String label, String target, String description) {
        this.label = label;
        this.target = target;
        this.description = description;
        this.style = label.equals("search") ? "futures" : null;
        this.plan = label.equals("search") ? "concurrent" : null;
    }

    Workload(String style, String plan) {
        this.label = "search-" + style + "-" + plan;
        this.target = "/search?q=coffee&user=42&style=" + style + "&plan=" + plan;
        this.description = "GET /search in the " + style + " style, " + plan + " plan (" + (plan.equals("chain")
                ? "user, then products, then stock" : "user and products at once, then stock")
                + "), backends answering in " + BACKEND_MILLIS + " ms";
        this.style = style;
        this.plan = plan;
    }

    /** The mixed workload's numbers, in one place for its description, its requests and its tests. */
    static final class MixedShape {
        static final int SLOW_PERCENT = 10;
        static final List<String> SLOW_TARGETS = List.of("/sleep?ms=10", "/sleep?ms=20", "/sleep?ms=30",
                "/sleep?ms=40", "/sleep?ms=50");

        private MixedShape() {
        }
    }

    public String label() {
        return label;
    }

    /** The request target, path and query (the fast one, under a mix). */
    public String target() {
        return target;
    }

    public String description() {
        return description;
    }

    /** Extra {@code barista serve} arguments the workload needs. */
    public List<String> serverArgs() {
        // Without the shop elsewhere: its backends and database would only add threads and memory to the cell.
        return isSearch() ? List.of("--shop-latency", BACKEND_MILLIS + "ms") : List.of("--no-shop");
    }

    /** A new connection for every request. */
    public boolean connectionPerRequest() {
        return this == CONNECT;
    }

    /** The per-request timeout this workload needs, or {@code fallback}: a JVM start is longer than 5 s here. */
    public Duration timeout(Duration fallback) {
        Duration jvmStart = Duration.ofSeconds(30);
        return this == CONNECT && fallback.compareTo(jvmStart) < 0 ? jvmStart : fallback;
    }

    /** The request mix, or null when every request is {@link #target()}. */
    public RequestMix mix() {
        return this == MIXED ? new RequestMix(MixedShape.SLOW_TARGETS, MixedShape.SLOW_PERCENT / 100.0, 42) : null;
    }

    public boolean isSearch() {
        return style != null;
    }

    /** The gateway's call style (blocking, callbacks, futures, coroutines), or null. */
    public String searchStyle() {
        return style;
    }

    /** The search plan (chain, concurrent), or null. */
    public String searchPlan() {
        return plan;
    }

    /**
     * How long one search waits for its backends at the least: three calls one after another (chain), or two
     * at once and then one (concurrent). By Little's law a closed loop of N connections does at most
     * N / this searches per second; 0 for the other workloads.
     */
    public double backendChainSeconds() {
        if (plan == null) return 0;
        return (plan.equals("chain") ? 3 : 2) * BACKEND_MILLIS / 1000.0;
    }

    public static Workload named(String name) {
        for (Workload w : values()) if (w.label.equals(name)) return w;
        throw new IllegalArgumentException("unknown workload '" + name + "'; valid: " + String.join(", ", names()));
    }

    /** One name, or {@value #SEARCH_STYLES} for the eight search style x plan workloads. */
    public static List<Workload> expand(String name) {
        if (!name.equals(SEARCH_STYLES)) return List.of(named(name));
        List<Workload> all = new ArrayList<>();
        for (Workload w : values()) if (w.isSearch() && w != SEARCH) all.add(w);
        return all;
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Workload w : values()) names.add(w.label);
        names.add(SEARCH_STYLES);
        return names;
    }
}
