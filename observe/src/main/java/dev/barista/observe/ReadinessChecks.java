package dev.barista.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The named checks {@code /health/ready} runs, registered from any thread at any time (before or after the
 * server starts), each run by its {@link TimedCheck}, all at once.
 */
final class ReadinessChecks {
    /** The name of the check every report begins with: the server itself (started, live, not stopping). */
    static final String SERVER = "server";

    private final List<TimedCheck> checks = new CopyOnWriteArrayList<>();

    synchronized void register(String name, HealthCheck check) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a check needs a name");
        if (name.equals(SERVER) || checks.stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("a check named '" + name + "' is already registered");
        }
        checks.add(new TimedCheck(name, Objects.requireNonNull(check, "check")));
    }

    /** Every check's outcome, in registration order, within {@code timeout} (completes at once if none). */
    CompletableFuture<List<HealthReport.Entry>> probe(Duration timeout) {
        List<CompletableFuture<HealthReport.Entry>> probes = new ArrayList<>(checks.size());
        for (TimedCheck check : checks) probes.add(check.probe(timeout));
        return CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
                .thenApply(done -> probes.stream().map(CompletableFuture::join).toList());
    }
}
