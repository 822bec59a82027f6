package dev.barista.observe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A strict reader of the Prometheus text format 0.0.4 (and the OpenMetrics text it resembles), for the tests:
 * every line is checked against the grammar, and every sample's family must have been announced by a TYPE
 * line before it.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped|info|unknown|stateset)");
    private static final Pattern UNIT = Pattern.compile("# UNIT (" + NAME + ") [a-z]+");
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\n])*\"";
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{((?:" + LABEL + ",?)*)})?"
            + " ([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|\\+?Inf))( -?[0-9.]+)?");

    private PrometheusText() {
    }

    /** The samples by name and labels ({@code name{a="b"}}), each line checked. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.equals("# EOF")) continue;
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                typed.add(type.group(1));
                continue;
            }
            if (HELP.matcher(line).matches() || UNIT.matcher(line).matches()) continue;
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a well-formed line: %s", line).isTrue();
            String name = sample.group(1);
            assertThat(typed).as("a TYPE line before %s", name)
                    .anyMatch(family -> name.equals(family) || name.equals(family + "_total")
                            || name.equals(family + "_info") || name.equals(family + "_count")
                            || name.equals(family + "_sum") || name.equals(family + "_bucket")
                            || name.equals(family + "_created"));
            String labels = sample.group(3) == null || sample.group(3).isEmpty() ? "" : "{" + sample.group(3) + "}";
            samples.put(name + labels, Double.parseDouble(sample.group(4).replace("+Inf", "Infinity")
                    .replace("Inf", "Infinity")));
        }
        return samples;
    }
}
