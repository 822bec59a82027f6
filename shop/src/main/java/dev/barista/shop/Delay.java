package dev.barista.shop;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long a backend waits before it answers: nothing, a fixed time, a uniform draw between two times, or an
 * exponential draw with a mean (capped at ten means, so one draw cannot hang a request on its own).
 * Written on the command line as {@code 0}, {@code 20ms}, {@code uniform:10ms-30ms} or {@code exp:20ms}.
 */
public record Delay(Kind kind, long minNanos, long maxNanos) {
    public enum Kind { NONE, FIXED, UNIFORM, EXPONENTIAL }

    public static final Delay NONE = new Delay(Kind.NONE, 0, 0);

    public Delay {
        if (minNanos < 0 || maxNanos < minNanos) throw new IllegalArgumentException("bad delay bounds");
    }

    public static Delay fixed(Duration d) {
        return d.isZero() ? NONE : new Delay(Kind.FIXED, d.toNanos(), d.toNanos());
    }

    public static Delay uniform(Duration min, Duration max) {
        return new Delay(Kind.UNIFORM, min.toNanos(), max.toNanos());
    }

    /** Exponentially distributed with this mean; {@code maxNanos} holds the mean. */
    public static Delay exponential(Duration mean) {
        return new Delay(Kind.EXPONENTIAL, 0, mean.toNanos());
    }

    /** Parses {@code 0}, {@code 20ms}, {@code uniform:10ms-30ms}, {@code exp:20ms}. */
    public static Delay parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("uniform:")) {
            String[] bounds = s.substring("uniform:".length()).split("-", 2);
            if (bounds.length != 2) throw new IllegalArgumentException("expected uniform:MIN-MAX, got " + text);
            return uniform(Durations.parse(bounds[0]), Durations.parse(bounds[1]));
        }
        if (s.startsWith("exp:")) return exponential(Durations.parse(s.substring("exp:".length())));
        return fixed(Durations.parse(s));
    }

    /** One draw, in nanoseconds. */
    public long drawNanos(RandomGenerator random) {
        return switch (kind) {
            case NONE -> 0;
            case FIXED -> minNanos;
            case UNIFORM -> minNanos == maxNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1);
            case EXPONENTIAL -> (long) Math.min(10.0 * maxNanos, -Math.log(1.0 - random.nextDouble()) * maxNanos);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "0";
            case FIXED -> Durations.format(minNanos);
            case UNIFORM -> "uniform:" + Durations.format(minNanos) + "-" + Durations.format(maxNanos);
            case EXPONENTIAL -> "exp:" + Durations.format(maxNanos);
        };
    }
}
