package dev.barista.cli;

import dev.barista.shop.Delay;
import picocli.CommandLine;

import java.util.Locale;

/**
 * A backend's latency as typed: {@code 0}, {@code 20ms}, {@code uniform:10ms-30ms}, {@code exp:20ms}, each time
 * in the command line's one duration syntax ({@link DurationConverter}).
 */
final class DelayConverter implements CommandLine.ITypeConverter<Delay> {
    static final String SYNTAX = "0, 20ms, uniform:10ms-30ms or exp:20ms";

    @Override
    public Delay convert(String value) {
        String s = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("uniform:")) {
                String[] bounds = s.substring("uniform:".length()).split("-", 2);
                if (bounds.length == 2) {
                    return Delay.uniform(DurationConverter.parse(bounds[0]), DurationConverter.parse(bounds[1]));
                }
            } else if (s.startsWith("exp:")) {
                return Delay.exponential(DurationConverter.parse(s.substring("exp:".length())));
            } else {
                return Delay.fixed(DurationConverter.parse(s));
            }
        } catch (CommandLine.TypeConversionException | IllegalArgumentException e) {
            // a bad time inside, or uniform bounds in the wrong order: the same answer, with the whole syntax
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a latency: write " + SYNTAX);
    }
}
