package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Cookies}: reading Cookie request fields (RFC 6265 5.4), leniently where browsers are sloppy. */
class CookiesTest {

    static Stream<Arguments> parses() {
        return Stream.of(
                // field lines | cookies in order
                Arguments.of(List.of("a=1"), map("a", "1")),
                Arguments.of(List.of("a=1; b=2"), map("a", "1", "b", "2")),
                Arguments.of(List.of("a=1;b=2"), map("a", "1", "b", "2")),
                Arguments.of(List.of("  a=1 ;\tb=2\t;  "), map("a", "1", "b", "2")),
                Arguments.of(List.of("a = 1; b= 2"), map("a", "1", "b", "2")),
                Arguments.of(List.of("b=2; a=1"), map("b", "2", "a", "1")),
                Arguments.of(List.of("a=1", "b=2; c=3"), map("a", "1", "b", "2", "c", "3")),
                Arguments.of(List.of("a=1; a=2", "a=3"), map("a", "1")), // first wins
                Arguments.of(List.of("A=1; a=2"), map("A", "1", "a", "2")), // names are case-sensitive
                Arguments.of(List.of("a=\"quoted\""), map("a", "quoted")),
                Arguments.of(List.of("a=\"\""), map("a", "")),
                Arguments.of(List.of("a=\""), map("a", "\"")), // a lone quote is no wrapping
                Arguments.of(List.of("a=\"x"), map("a", "\"x")),
                Arguments.of(List.of("a=\"x\"y\""), map("a", "x\"y")),
                Arguments.of(List.of("a="), map("a", "")),
                Arguments.of(List.of("a= ;b=\t;c=  "), map("a", "", "b", "", "c", "")),
                Arguments.of(List.of("a=b=c"), map("a", "b=c")),
                Arguments.of(List.of("a=x y"), map("a", "x y")),
                Arguments.of(List.of("a=%20"), map("a", "%20")), // not decoded
                Arguments.of(List.of("__Host-id=1"), map("__Host-id", "1")),
                // invalid pairs are skipped
                Arguments.of(List.of("novalue; a=1"), map("a", "1")),
                Arguments.of(List.of("=1; a=1"), map("a", "1")),
                Arguments.of(List.of("a b=1; c=2"), map("c", "2")),
                Arguments.of(List.of("a,b=1; c=2"), map("c", "2")),
                Arguments.of(List.of("(a)=1; c=2"), map("c", "2")),
                Arguments.of(List.of("\u00e9=1; c=2"), map("c", "2")),
                Arguments.of(List.of("a\"=1; c=2"), map("c", "2")),
                Arguments.of(List.of(";;; ;"), map()),
                Arguments.of(List.of(""), map()),
                Arguments.of(List.of(), map()));
    }

    private static Map<String, String> map(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) m.put(namesAndValues[i], namesAndValues[i + 1]);
        return m;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parses")
    void parses(List<String> lines, Map<String, String> expected) {
        assertThat(Cookies.parse(lines)).containsExactlyEntriesOf(expected);
    }

    @Test
    void theResultIsUnmodifiable() {
        Map<String, String> cookies = Cookies.parse(List.of("a=1"));
        assertThatThrownBy(() -> cookies.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stopsAfterMaxPairsCountingInvalidOnes() {
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < Cookies.MAX_PAIRS + 10; i++) field.append("c").append(i).append("=v; ");
        Map<String, String> cookies = Cookies.parse(List.of(field.toString()));
        assertThat(cookies).hasSize(Cookies.MAX_PAIRS).containsKey("c0").containsKey("c255").doesNotContainKey("c256");

        // invalid pairs cost as much work as valid ones, so they count too; empty segments do not
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < Cookies.MAX_PAIRS; i++) lines.add("bad pair=1;;;");
        lines.add("late=1");
        assertThat(Cookies.parse(lines)).isEmpty();
        assertThat(Cookies.parse(List.of(";".repeat(1000) + "a=1"))).containsExactlyEntriesOf(map("a", "1"));
    }
}
