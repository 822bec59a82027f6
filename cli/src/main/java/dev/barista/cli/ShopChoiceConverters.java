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

    static final class StyleConverter extends Choice<Style> {
        StyleConverter() {
            super(Style.class, "style");
        }
    }

    static final class PlanConverter extends Choice<Plan> {
        PlanConverter() {
            super(Plan.class, "plan");
        }
    }

    /** One enum by its lower-case label; also the completion candidates that {@code --help} lists. */
    private abstract static class Choice<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {
        private final Class<E> type;
        private final String what;

        Choice(Class<E> type, String what) {
            this.type = type;
            this.what = what;
        }

        @Override
        public E convert(String value) {
            return choose(type, what, value);
        }

        @Override
        public Iterator<String> iterator() {
            return labels(type).iterator();
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
