package dev.barista.shop;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a backend does on purpose, for experiments: a {@link Delay} before each answer, and for a share of the
 * requests an error (500 or 503) or a hang: no answer for {@code hang} (far beyond any client's timeout), then
 * a 503 to whoever is still listening.
 *
 * @param errorRate   share of requests answered 500/503, in [0, 1]
 * @param timeoutRate share of requests that hang, in [0, 1]
 */
public record Faults(Delay delay, double errorRate, double timeoutRate, Duration hang) {
    public static final Duration DEFAULT_HANG = Duration.ofSeconds(30);
    public static final Faults NONE = new Faults(Delay.NONE, 0, 0, DEFAULT_HANG);

    public enum Outcome { ANSWER, ERROR, HANG }

    public Faults {
        if (errorRate < 0 || timeoutRate < 0 || errorRate + timeoutRate > 1) {
            throw new IllegalArgumentException("error and timeout rates must be in [0, 1] and sum to at most 1");
        }
        if (hang.isNegative()) throw new IllegalArgumentException("negative hang");
    }

    public static Faults latency(Delay delay) {
        return new Faults(delay, 0, 0, DEFAULT_HANG);
    }

    public Faults withErrorRate(double rate) {
        return new Faults(delay, rate, timeoutRate, hang);
    }

    public Faults withTimeoutRate(double rate) {
        return new Faults(delay, errorRate, rate, hang);
    }

    public Faults withHang(Duration d) {
        return new Faults(delay, errorRate, timeoutRate, d);
    }

    /** What this request gets. */
    public Outcome draw() {
        if (errorRate == 0 && timeoutRate == 0) return Outcome.ANSWER;
        double r = ThreadLocalRandom.current().nextDouble();
        if (r < timeoutRate) return Outcome.HANG;
        return r < timeoutRate + errorRate ? Outcome.ERROR : Outcome.ANSWER;
    }

    /** The wait before answering, for {@code outcome}. */
    public long waitNanos(Outcome outcome) {
        return outcome == Outcome.HANG ? hang.toNanos() : delay.drawNanos(ThreadLocalRandom.current());
    }

    @Override
    public String toString() {
        return "latency " + delay + ", errors " + errorRate + ", timeouts " + timeoutRate;
    }
}
