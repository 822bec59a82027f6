package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Headers} on its own: lookups, list tokens, bounds. Built directly over bytes, as the parser does. */
class HeadersTest {

    /** Lays the fields out as "name: value\r\n" lines (with some noise around them) and points offsets at them. */
    static Headers of(String... namesAndValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int n = namesAndValues.length / 2;
        int[] offsets = new int[4 * n];
        for (int i = 0; i < n; i++) {
            offsets[4 * i] = out.size();
            out.writeBytes(namesAndValues[2 * i].getBytes(StandardCharsets.ISO_8859_1));
            offsets[4 * i + 1] = out.size();
            out.writeBytes(": ".getBytes(StandardCharsets.ISO_8859_1));
            offsets[4 * i + 2] = out.size();
            out.writeBytes(namesAndValues[2 * i + 1].getBytes(StandardCharsets.ISO_8859_1));
            offsets[4 * i + 3] = out.size();
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Headers(out.toByteArray(), offsets, n);
    }

    @Test
    void emptyHasNothing() {
        assertThat(Headers.EMPTY.size()).isZero();
        assertThat(Headers.EMPTY.isEmpty()).isTrue();
        assertThat(Headers.EMPTY.get("host")).isNull();
        assertThat(Headers.EMPTY.getAll("host")).isEmpty();
        assertThat(Headers.EMPTY.contains("host")).isFalse();
        assertThat(Headers.EMPTY.count("host")).isZero();
        assertThat(Headers.EMPTY.hasToken("connection", "close")).isFalse();
        assertThat(Headers.EMPTY).hasToString("Headers[]");
    }

    @Test
    void lookupsIgnoreCaseAndReturnTheFirstValue() {
        Headers h = of("Content-Type", "text/plain", "X-Id", "1", "x-id", "2", "X-ID", "3");
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.isEmpty()).isFalse();
        assertThat(h.get("content-type")).isEqualTo("text/plain");
        assertThat(h.get("CONTENT-TYPE")).isEqualTo("text/plain");
        assertThat(h.get("Content-Type")).isEqualTo("text/plain");
        assertThat(h.get("x-id")).isEqualTo("1");
        assertThat(h.getAll("X-Id")).containsExactly("1", "2", "3");
        assertThat(h.count("x-ID")).isEqualTo(3);
        assertThat(h.contains("x-id")).isTrue();
        assertThat(h.get("content")).isNull();
        assertThat(h.get("content-type-x")).isNull();
        assertThat(h.getAll("nope")).isEmpty();
        assertThat(h.count("nope")).isZero();
    }

    @Test
    void caseFoldingIsAsciiOnly() {
        // '[' is 'Z' + 1 and '{' is 'z' + 1: a sloppy "c | 0x20" fold would make them equal.
        Headers h = of("A[", "1", "@", "2");
        assertThat(h.get("a{")).isNull();
        assertThat(h.get("A[")).isEqualTo("1");
        assertThat(h.get("`")).isNull();
        assertThat(h.get("\u00c0")).isNull();
        assertThat(h.get("\u0100")).isNull();
    }

    @Test
    void namesAndValuesByIndexKeepTheirBytes() {
        Headers h = of("X-Latin", "caf\u00e9 \u00ff", "Y", "");
        assertThat(h.name(0)).isEqualTo("X-Latin");
        assertThat(h.value(0)).isEqualTo("caf\u00e9 \u00ff");
        assertThat(h.name(1)).isEqualTo("Y");
        assertThat(h.value(1)).isEmpty();
    }

    @Test
    void indexOutsideTheFieldsThrows() {
        Headers h = of("A", "1");
        assertThatThrownBy(() -> h.name(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> h.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Headers.EMPTY.name(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void forEachVisitsInOrder() {
        List<String> seen = new ArrayList<>();
        of("A", "1", "B", "2", "a", "3").forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("A=1", "B=2", "a=3");
    }

    @Test
    void toStringListsFields() {
        assertThat(of("A", "1", "B", "two words")).hasToString("Headers[A: 1, B: two words]");
    }

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of(List.of("close"), "close", true),
                Arguments.of(List.of("Close"), "close", true),
                Arguments.of(List.of("CLOSE"), "Close", true),
                Arguments.of(List.of("keep-alive, close"), "close", true),
                Arguments.of(List.of("close, keep-alive"), "keep-alive", true),
                Arguments.of(List.of("a,close,b"), "close", true),
                Arguments.of(List.of("a ,\tclose\t, b"), "close", true),
                Arguments.of(List.of(",,close,,"), "close", true),
                Arguments.of(List.of("upgrade", "close"), "close", true),
                Arguments.of(List.of("close", "upgrade"), "upgrade", true),
                Arguments.of(List.of("closed"), "close", false),
                Arguments.of(List.of("xclose"), "close", false),
                Arguments.of(List.of("clo se"), "close", false),
                Arguments.of(List.of("close-ish, keep-alive"), "close", false),
                Arguments.of(List.of("\"close\""), "close", false),
                Arguments.of(List.of("close;q=1"), "close", false),
                Arguments.of(List.of("cl"), "close", false),
                Arguments.of(List.of(""), "close", false),
                Arguments.of(List.of(",,,"), "close", false),
                Arguments.of(List.of("keep-alive"), "close", false),
                // obs-text tokens match byte for byte (ISO-8859-1), like get() returns them
                Arguments.of(List.of("caf\u00e9, x"), "caf\u00e9", true),
                Arguments.of(List.of("CAF\u00e9"), "caf\u00e9", true),
                Arguments.of(List.of("caf\u00c9"), "caf\u00e9", false));
    }

    @ParameterizedTest(name = "{0} has {1}: {2}")
    @MethodSource("tokens")
    void hasTokenReadsCommaSeparatedListsAcrossLines(List<String> values, String token, boolean expected) {
        String[] fields = new String[2 * values.size() + 2];
        fields[0] = "Other";
        fields[1] = token; // the token in another field must not count
        for (int i = 0; i < values.size(); i++) {
            fields[2 + 2 * i] = "Connection";
            fields[3 + 2 * i] = values.get(i);
        }
        assertThat(of(fields).hasToken("connection", token)).isEqualTo(expected);
    }
}
