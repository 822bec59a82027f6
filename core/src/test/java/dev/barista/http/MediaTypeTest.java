package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MediaType}: lenient parsing of Content-Type values (RFC 9110 8.3.1), charsets, matching, printing. */
class MediaTypeTest {

    static Stream<Arguments> parses() {
        return Stream.of(
                // input | type | subtype | parameters
                Arguments.of("text/plain", "text", "plain", Map.of()),
                Arguments.of("TEXT/HTML", "text", "html", Map.of()),
                Arguments.of("  application/json  ", "application", "json", Map.of()),
                Arguments.of("text/html; charset=utf-8", "text", "html", Map.of("charset", "utf-8")),
                Arguments.of("text/html;charset=UTF-8", "text", "html", Map.of("charset", "UTF-8")),
                Arguments.of("text/html ;\tCharSet=utf-8", "text", "html", Map.of("charset", "utf-8")),
                Arguments.of("text/plain; charset=\"utf-8\"", "text", "plain", Map.of("charset", "utf-8")),
                Arguments.of("multipart/form-data; boundary=\"a b;c,d\"", "multipart", "form-data",
                        Map.of("boundary", "a b;c,d")),
                Arguments.of("a/b; x=\"q\\\"uo\\\\te\"", "a", "b", Map.of("x", "q\"uo\\te")),
                Arguments.of("a/b; x=\"\"", "a", "b", Map.of("x", "")),
                Arguments.of("a/b; x=1; y=2", "a", "b", orderedMap("x", "1", "y", "2")),
                Arguments.of("a/b; x=1; X=2", "a", "b", Map.of("x", "1")), // first of a name wins
                Arguments.of("a/b;", "a", "b", Map.of()),
                Arguments.of("a/b;;; x=1;", "a", "b", Map.of("x", "1")),
                Arguments.of("vnd.api+json/x.y-z", "vnd.api+json", "x.y-z", Map.of()),
                Arguments.of("*/*", "*", "*", Map.of()),
                // a parameter that breaks the grammar is skipped, the rest kept
                Arguments.of("a/b; x", "a", "b", Map.of()),
                Arguments.of("a/b; x=", "a", "b", Map.of()),
                Arguments.of("a/b; =1; y=2", "a", "b", Map.of("y", "2")),
                Arguments.of("a/b; x = 1; y=2", "a", "b", Map.of("y", "2")),
                Arguments.of("a/b; x=1 2; y=2", "a", "b", Map.of("y", "2")),
                Arguments.of("a/b; x=a/b; y=2", "a", "b", Map.of("y", "2")),
                Arguments.of("a/b; x=\"1\"junk; y=2", "a", "b", Map.of("y", "2")),
                Arguments.of("a/b; x=\"unterminated; y=2", "a", "b", Map.of()),
                // a broken quoted-string leaves nothing after it that can be trusted to be a parameter
                Arguments.of("a/b; x=\"bad\u0001\"; y=2", "a", "b", Map.of()),
                Arguments.of("a/b; x=1; x=\"2\"", "a", "b", Map.of("x", "1")));
    }

    private static Map<String, String> orderedMap(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) m.put(namesAndValues[i], namesAndValues[i + 1]);
        return m;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parses")
    void parses(String input, String type, String subtype, Map<String, String> parameters) {
        MediaType m = MediaType.parse(input);
        assertThat(m).isNotNull();
        assertThat(m.type()).isEqualTo(type);
        assertThat(m.subtype()).isEqualTo(subtype);
        assertThat(m.parameters()).containsExactlyEntriesOf(parameters);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", " ", "text", "text/", "/plain", "text /plain", "text/ plain", "te xt/plain",
            "text/plain/x", "text/plain junk", "text/plain, text/html", "\"text\"/plain", "text/pl\u00e9in",
            "t\u00e9xt/plain", "text/plain\u0000", "text\\/plain", ";charset=utf-8", "text/plain,"})
    void answersNullWhenTypeOrSubtypeIsNotAToken(String input) {
        assertThat(MediaType.parse(input)).isNull();
    }

    @Test
    void nullParsesToNull() {
        assertThat(MediaType.parse(null)).isNull();
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        MediaType m = MediaType.parse("text/plain; Format=Flowed");
        assertThat(m.parameter("format")).isEqualTo("Flowed");
        assertThat(m.parameter("FORMAT")).isEqualTo("Flowed");
        assertThat(m.parameter("delsp")).isNull();
    }

    @Test
    void charsetIsLookedUpWithoutThrowing() {
        assertThat(MediaType.parse("text/plain; charset=utf-8").charset()).contains(StandardCharsets.UTF_8);
        assertThat(MediaType.parse("text/plain; charset=\"ISO-8859-1\"").charset())
                .contains(StandardCharsets.ISO_8859_1);
        assertThat(MediaType.parse("text/plain; charset=latin1").charset()).contains(StandardCharsets.ISO_8859_1);
        assertThat(MediaType.parse("text/plain").charset()).isEmpty();
        assertThat(MediaType.parse("text/plain; charset=no-such-charset").charset()).isEmpty();
        assertThat(MediaType.parse("text/plain; charset=\"\"").charset()).isEmpty();
        assertThat(MediaType.parse("text/plain; charset=\"utf 8\"").charset()).isEmpty();
        assertThat(MediaType.parse("text/plain; charset=\"\u00e9\"").charset()).isEmpty();
        assertThat(MediaType.parse("text/plain; charset=!").charset()).isEmpty();
    }

    @Test
    void isMatchesCaseInsensitivelyWithWildcards() {
        MediaType m = MediaType.parse("Application/JSON; charset=utf-8");
        assertThat(m.is("application", "json")).isTrue();
        assertThat(m.is("APPLICATION", "Json")).isTrue();
        assertThat(m.is("application", "*")).isTrue();
        assertThat(m.is("*", "json")).isTrue();
        assertThat(m.is("*", "*")).isTrue();
        assertThat(m.is("text", "*")).isFalse();
        assertThat(m.is("application", "xml")).isFalse();
        assertThat(m.is("application", "json+x")).isFalse();
        // a wildcard in the value itself is not a wildcard for matching
        assertThat(MediaType.parse("text/*").is("text", "plain")).isFalse();
        assertThat(MediaType.parse("text/*").is("text", "*")).isTrue();
    }

    @Test
    void parametersAreUnmodifiable() {
        MediaType m = MediaType.parse("a/b; x=1");
        assertThatThrownBy(() -> m.parameters().put("y", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void printsAValidFieldValueThatParsesBack() {
        MediaType m = MediaType.parse("Multipart/Form-Data; Boundary=\"a \\\"b\\\\\"; charset=utf-8");
        assertThat(m).hasToString("multipart/form-data; boundary=\"a \\\"b\\\\\"; charset=utf-8");
        assertThat(MediaType.parse(m.toString())).isEqualTo(m);
        assertThat(MediaType.of("text", "plain")).hasToString("text/plain");
    }

    @Test
    void theConstructorIsStrictAndNormalizes() {
        MediaType m = new MediaType("Text", "Plain", Map.of("CharSet", "utf-8"));
        assertThat(m).isEqualTo(MediaType.parse("text/plain; charset=utf-8"));
        assertThatThrownBy(() -> MediaType.of("text/plain", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MediaType.of("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaType("a", "b", Map.of("x y", "1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaType("a", "b", Map.of("x", "1\r\nSet-Cookie: a=b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaType("a", "b", Map.of("x", "\u20ac")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
