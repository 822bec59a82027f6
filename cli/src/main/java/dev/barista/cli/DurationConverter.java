package dev.barista.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The one duration syntax of every option that takes a time: {@code 10} (seconds), {@code 1.5}, {@code 10s},
 * {@code 500ms}, {@code 250us}, {@code 2m}, {@code 1h}. A bare number is seconds everywhere, so the same value
 * means the same time whichever option it is given to.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    static final String SYNTAX = "10 (seconds), 10s, 500ms, 2m or 1h";

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        // longest suffix first: "ms" and "us" end in "s"
        String[][] units = {{"ms", "1000000"}, {"us", "1000"}, {"s", "1000000000"}, {"m", "60000000000"},
                {"h", "3600000000000"}, {"", "1000000000"}};
        for (String[] unit : units) {
            if (!s.endsWith(unit[0])) continue;
            String number = s.substring(0, s.length() - unit[0].length()).trim();
            try {
                BigDecimal nanos = new BigDecimal(number).multiply(new BigDecimal(unit[1]));
                if (nanos.signum() < 0) break;
                return Duration.ofNanos(nanos.longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                break; // not a number, a fraction of a nanosecond, or beyond 292 years
            }
        }
        throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: write " + SYNTAX);
    }

    /** How a duration is printed back: the largest unit that says it exactly, as it would be typed. */
    static String text(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) return "0";
        long[] sizes = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1000L, 1L};
        String[] names = {"h", "m", "s", "ms", "us", "ns"};
        for (int i = 0; i < sizes.length; i++) {
            if (nanos % sizes[i] == 0) return nanos / sizes[i] + names[i];
        }
        throw new AssertionError("every duration is a whole number of nanoseconds");
    }
}
