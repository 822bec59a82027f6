package dev.barista.observe;

import java.util.Objects;

/**
 * Something the server needs in order to serve well, checked when a probe asks: a database, a backend, a
 * cache. Registered by name with {@link Observability#readinessCheck}; {@code /health/ready} answers 503 while
 * any check is down, throws, or has not answered within the check timeout.
 *
 * <pre>{@code
 * observability.readinessCheck("database", () -> dataSource.getConnection().isValid(1)
 *         ? HealthCheck.Result.up() : HealthCheck.Result.down("connection not valid"));
 * }</pre>
 *
 * <p>A check may block: it runs on a virtual thread of its own, never on an event loop. At the timeout the
 * probe stops waiting and interrupts it, so a check should give up when interrupted. While a run is still in
 * progress the next probe waits on that run instead of starting another: a hung check costs one thread, not
 * one per probe.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Healthy, or why not; throwing counts as down, with the exception as the reason. */
    Result check() throws Exception;

    /** What a check found. Only DOWN makes {@code /health/ready} answer 503. */
    enum Status {
        UP,
        /** Serving, but less well (an optional dependency is missing): ready stays 200 and the body says why. */
        DEGRADED,
        DOWN
    }

    /** A check's answer; the reason is shown in the probe's JSON body, so it names no secret. */
    record Result(Status status, String reason) {
        private static final Result UP = new Result(Status.UP, null);

        public Result {
            Objects.requireNonNull(status, "status");
            if (status != Status.UP) Objects.requireNonNull(reason, "a check that is not up says why");
        }

        public static Result up() {
            return UP;
        }

        public static Result degraded(String reason) {
            return new Result(Status.DEGRADED, reason);
        }

        public static Result down(String reason) {
            return new Result(Status.DOWN, reason);
        }
    }
}
