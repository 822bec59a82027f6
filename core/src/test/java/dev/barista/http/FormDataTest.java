package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link FormData}: application/x-www-form-urlencoded as the WHATWG URL standard parses it. */
class FormDataTest {

    static Stream<Arguments> parses() {
        return Stream.of(
                // body (UTF-8) | fields
                Arguments.of("", fields()),
                Arguments.of("a=1", fields("a", "1")),
                Arguments.of("a=1&b=2", fields("a", "1", "b", "2")),
                Arguments.of("b=2&a=1&b=3", fields("b", "2", "b", "3", "a", "1")),
                Arguments.of("&&a=1&&", fields("a", "1")),
                Arguments.of("a", fields("a", "")),
                Arguments.of("a=", fields("a", "")),
                Arguments.of("=1", fields("", "1")),
                Arguments.of("=", fields("", "")),
                Arguments.of("a=b=c", fields("a", "b=c")),
                Arguments.of("a+b=c+d", fields("a b", "c d")),
                Arguments.of("a%2Bb=c%2bd", fields("a+b", "c+d")),
                Arguments.of("%26=%3D", fields("&", "=")),
                Arguments.of("q=caf%C3%A9", fields("q", "caf\u00e9")),
                Arguments.of("q=%E2%98%95", fields("q", "\u2615")),
                Arguments.of("q=caf\u00e9", fields("q", "caf\u00e9")), // raw UTF-8 bytes
                Arguments.of("q=%F0%9F%98%80", fields("q", "\ud83d\ude00")),
                Arguments.of("q=%00", fields("q", "\u0000")),
                // malformed escapes stay as they are
                Arguments.of("q=%", fields("q", "%")),
                Arguments.of("q=%2", fields("q", "%2")),
                Arguments.of("q=%G1", fields("q", "%G1")),
                Arguments.of("q=%%41", fields("q", "%A")),
                Arguments.of("q=100%", fields("q", "100%")),
                Arguments.of("q=%+1", fields("q", "% 1")),
                Arguments.of("%zz=%", fields("%zz", "%")),
                Arguments.of("q=%2525", fields("q", "%25")),
                // undecodable bytes become U+FFFD
                Arguments.of("q=%FF", fields("q", "\ufffd")),
                Arguments.of("q=%C3", fields("q", "\ufffd")),
                Arguments.of("q=%EF%BB%BFx", fields("q", "\ufeffx"))); // a BOM is kept, as WHATWG says
    }

    private static Map<String, List<String>> fields(String... namesAndValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("parses")
    void parsesBodies(String body, Map<String, List<String>> expected) {
        Map<String, List<String>> parsed = FormData.parse(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8,
                100);
        assertThat(parsed).containsExactlyEntriesOf(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("parses")
    void parsesQueriesTheSameWay(String query, Map<String, List<String>> expected) {
        assertThat(FormData.parse(query, 100)).containsExactlyEntriesOf(expected);
    }

    @Test
    void aNullQueryHasNoParameters() {
        assertThat(FormData.parse((String) null, 10)).isEmpty();
    }

    @Test
    void bytesAreDecodedWithTheGivenCharset() {
        byte[] body = "name=caf%E9&raw=".getBytes(StandardCharsets.US_ASCII);
        byte[] withRawByte = new byte[body.length + 1];
        System.arraycopy(body, 0, withRawByte, 0, body.length);
        withRawByte[body.length] = (byte) 0xE9;
        assertThat(FormData.parse(withRawByte, StandardCharsets.ISO_8859_1, 10))
                .containsExactlyEntriesOf(fields("name", "caf\u00e9", "raw", "\u00e9"));
        assertThat(FormData.parse(withRawByte, StandardCharsets.UTF_8, 10))
                .containsExactlyEntriesOf(fields("name", "caf\ufffd", "raw", "\ufffd"));
    }

    @Test
    void moreThanMaxFieldsPairsIs413WithoutEchoingInput() {
        byte[] body = "a=1&b=2&c=3".getBytes(StandardCharsets.US_ASCII);
        assertThat(FormData.parse(body, StandardCharsets.UTF_8, 3)).hasSize(3);
        assertThat(FormData.parse("a=1&&&b=2&&", 2)).hasSize(2); // empty pairs do not count
        assertThat(FormData.parse("a=1&a=2&a=3", 3)).containsExactlyEntriesOf(fields("a", "1", "a", "2", "a", "3"));
        assertThatThrownBy(() -> FormData.parse(body, StandardCharsets.UTF_8, 2))
                .isInstanceOfSatisfying(HttpException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).isEqualTo("Too many form fields");
                });
        // repeated names count as separate pairs
        assertThatThrownBy(() -> FormData.parse("a=1&a=2&a=3", 2)).isInstanceOf(HttpException.class);
        assertThat(FormData.parse("", 0)).isEmpty();
        assertThatThrownBy(() -> FormData.parse("a", 0)).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> FormData.parse("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResultAndItsListsAreUnmodifiable() {
        Map<String, List<String>> parsed = FormData.parse("a=1", 10);
        assertThatThrownBy(() -> parsed.put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> parsed.get("a").add("2")).isInstanceOf(UnsupportedOperationException.class);
    }
}
