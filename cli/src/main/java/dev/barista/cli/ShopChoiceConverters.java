package dev.barista.cli;

import dev.barista.shop.Plan;
import dev.barista.shop.Style;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The shop's two choices by label, {@code --style}/{@code --shop-style} and {@code --plan}/{@code --shop-plan}:
 * an unknown label lists the valid ones in the words they are typed in (lower case), not as enum constants.
 */
final class ShopChoiceConverters {
    private ShopChoiceConverters() {
    }

    static final class StyleConverter implements CommandLine.ITypeConverter<Style>, Iterable<String> {
        @Override
        public Style convert(String value) {
            return choose(Style.class, "style", value);
        }

        @Override
        public Iterator<String> iterator() {
            return labels(Style.class).iterator();
        }
    }

    static final class PlanConverter implements CommandLine.ITypeConverter<Plan>, Iterable<String> {
        @Override
        public Plan convert(String value) {
            return choose(Plan.class, "plan", value);
        }

        @Override
        public Iterator<String> iterator() {
            return labels(Plan.class).iterator();
        }
    }

    private static <E extends Enum<E>> E choose(Class<E> type, String what, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) return e;
        }
        throw new CommandLine.TypeConversionException("unknown " + what + " '" + value + "'; valid: "
                + String.join(", ", labels(type)));
    }

    private static <E extends Enum<E>> List<String> labels(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
    }
}
