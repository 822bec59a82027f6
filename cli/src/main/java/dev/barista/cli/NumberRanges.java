package dev.barista.cli;

import picocli.CommandLine;

/**
 * Numbers whose options have a domain, checked when they are parsed, so {@code --port 70000} or
 * {@code -c 0} is a usage error naming the option rather than a failure deep inside the run.
 */
final class NumberRanges {
    private NumberRanges() {
    }

    /** A TCP port, 0 (any free port) to 65535. */
    static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 0, 65535, "a port, 0..65535");
        }
    }

    /** A count of things that must exist: connections, loops, workers, processes. */
    static final class AtLeastOne implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 1, Integer.MAX_VALUE, "a whole number of at least 1");
        }
    }

    /** A count that may be zero: a queue or a cache that may be turned off. */
    static final class AtLeastZero implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return whole(value, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
        }
    }

    /** A share of requests, 0 to 1. */
    static final class Share implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double share = decimal(value, "a share between 0 and 1, like 0.1");
            if (!(share >= 0 && share <= 1)) throw rejected(value, "a share between 0 and 1, like 0.1");
            return share;
        }
    }

    /** A rate, 0 or more per second. */
    static final class Rate implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double rate = decimal(value, "a rate in requests per second, 0 or more");
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw rejected(value, "a rate in requests per second, 0 or more");
            }
            return rate;
        }
    }

    private static int whole(String value, int min, int max, String what) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // said below, with what is expected
        }
        throw rejected(value, what);
    }

    private static double decimal(String value, String what) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw rejected(value, what);
        }
    }

    private static CommandLine.TypeConversionException rejected(String value, String what) {
        return new CommandLine.TypeConversionException("'" + value + "' is not " + what);
    }
}
