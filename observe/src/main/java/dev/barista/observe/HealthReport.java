package dev.barista.observe;

import dev.barista.http.Response;

import java.util.List;

/**
 * What a health probe found: each check by name, and UP only if every one is. Answered as JSON, 200 when
 * UP and 503 when DOWN (what load balancers and Kubernetes probes read), for example
 * {@code {"status":"DOWN","checks":[{"name":"server","status":"UP"},{"name":"db","status":"DOWN","reason":"..."}]}}.
 */
record HealthReport(List<Entry> checks) {

    /** One check's outcome. */
    record Entry(String name, HealthCheck.Result result) {
    }

    HealthReport {
        checks = List.copyOf(checks);
    }

    static HealthReport of(String name, HealthCheck.Result result) {
        return new HealthReport(List.of(new Entry(name, result)));
    }

    boolean healthy() {
        return checks.stream().allMatch(entry -> entry.result().healthy());
    }

    Response response() {
        // no-store: a cached "UP" would hide the moment a check goes down
        return Response.status(healthy() ? 200 : 503).header("Cache-Control", "no-store")
                .contentType("application/json").body(json());
    }

    String json() {
        StringBuilder json = new StringBuilder(64 + 48 * checks.size());
        json.append("{\"status\":\"").append(status(healthy())).append("\",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Entry entry = checks.get(i);
            if (i > 0) json.append(',');
            json.append("{\"name\":");
            string(json, entry.name());
            json.append(",\"status\":\"").append(status(entry.result().healthy())).append('"');
            if (entry.result().reason() != null) {
                json.append(",\"reason\":");
                string(json, entry.result().reason());
            }
            json.append('}');
        }
        return json.append("]}\n").toString();
    }

    private static String status(boolean healthy) {
        return healthy ? "UP" : "DOWN";
    }

    /** A JSON string literal (RFC 8259): quotes, backslashes and control characters escaped. */
    private static void string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) json.append(String.format("\\u%04x", (int) c));
                    else json.append(c);
                }
            }
        }
        json.append('"');
    }
}
