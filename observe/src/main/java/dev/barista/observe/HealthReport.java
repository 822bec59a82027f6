package dev.barista.observe;

import dev.barista.http.Response;

import java.util.List;

/**
 * What a health probe found: each check by name; DOWN if any is, else DEGRADED if any is, else UP. Answered as
 * JSON, 503 when DOWN and 200 otherwise (the status is what load balancers and Kubernetes probes read), e.g.
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

    HealthCheck.Status status() {
        HealthCheck.Status worst = HealthCheck.Status.UP;
        for (Entry entry : checks) {
            if (entry.result().status().compareTo(worst) > 0) worst = entry.result().status();
        }
        return worst;
    }

    Response response() {
        // no-store: a cached "UP" would hide the moment a check goes down
        return Response.status(status() == HealthCheck.Status.DOWN ? 503 : 200).header("Cache-Control", "no-store")
                .contentType("application/json").body(json());
    }

    String json() {
        StringBuilder json = new StringBuilder(64 + 48 * checks.size());
        json.append("{\"status\":\"").append(status()).append("\",\"checks\":[");
        for (int i = 0; i < checks.size(); i++) {
            Entry entry = checks.get(i);
            if (i > 0) json.append(',');
            json.append("{\"name\":");
            string(json, entry.name());
            json.append(",\"status\":\"").append(entry.result().status()).append('"');
            if (entry.result().reason() != null) {
                json.append(",\"reason\":");
                string(json, entry.result().reason());
            }
            json.append('}');
        }
        return json.append("]}\n").toString();
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
