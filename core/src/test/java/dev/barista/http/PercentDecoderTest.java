package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Percent-decoding of paths and queries (RFC 3986 2.1) into UTF-8 text. */
class PercentDecoderTest {

    static Stream<Arguments> decodings() {
        return Stream.of(
                // input | plusIsSpace | decoded
                Arguments.of("/plain/path", false, "/plain/path"),
                Arguments.of("a%20b", false, "a b"),
                Arguments.of("%41%42%43", false, "ABC"),
                Arguments.of("%2f%2F", false, "//"),
                Arguments.of("caf%C3%A9", false, "caf\u00e9"),
                Arguments.of("caf%c3%a9", false, "caf\u00e9"),
                Arguments.of("%E2%82%AC", false, "\u20ac"),
                Arguments.of("%F0%9F%98%80", false, "\ud83d\ude00"),
                Arguments.of("%25", false, "%"),
                Arguments.of("%2525", false, "%25"),
                Arguments.of("%00", false, "\u0000"),
                Arguments.of("a+b", false, "a+b"),
                Arguments.of("a+b", true, "a b"),
                Arguments.of("a%2Bb", true, "a+b"),
                Arguments.of("+++", true, "   "),
                Arguments.of("q=%E2%98%95+coffee", true, "q=\u2615 coffee"),
                Arguments.of("", true, ""),
                // invalid UTF-8 is replaced, not refused
                Arguments.of("%FF", false, "\ufffd"),
                Arguments.of("%C3", false, "\ufffd"),
                // a caller's non-ASCII text stands for itself (parsed targets are ASCII, but the API takes any String)
                Arguments.of("caf\u00e9%21", false, "caf\u00e9!"),
                Arguments.of("\u20ac%20x", false, "\u20ac x"),
                Arguments.of("\ud83d\ude00%21", false, "\ud83d\ude00!"),
                Arguments.of("\u00e9+\u00e9", true, "\u00e9 \u00e9"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" plusIsSpace={1}")
    @MethodSource("decodings")
    void decodes(String input, boolean plusIsSpace, String expected) {
        assertThat(PercentDecoder.decode(input, plusIsSpace)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"%", "%2", "a%", "a%4", "%G0", "%0G", "%%", "%%41", "% 41", "%-1", "%+1",
            "%\uff21\uff21", "%\u0661\u0662", "%\u00b2\u00b3"})
    void refusesMalformedEscapesWith400(String input) {
        for (boolean plusIsSpace : new boolean[] {false, true}) {
            assertThatThrownBy(() -> PercentDecoder.decode(input, plusIsSpace))
                    .isInstanceOfSatisfying(HttpException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.getMessage()).doesNotContain(input);
                    });
        }
    }

    @Test
    void returnsTheSameStringWhenThereIsNothingToDecode() {
        String s = "/nothing/to/do";
        assertThat(PercentDecoder.decode(s, true)).isSameAs(s);
        String plus = "a+b";
        assertThat(PercentDecoder.decode(plus, false)).isSameAs(plus);
    }
}
