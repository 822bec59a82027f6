package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@link HttpChars#equalsFolded} (one OR per byte) must answer as the byte-by-byte case-insensitive compare for
 * every byte a token or a field value may hold, against every character of the names it is used with.
 */
class FoldedCompareTest {

    @Test
    void agreesWithTheCaseInsensitiveCompareForEveryCheckedByte() {
        String nameChars = "abcdefghijklmnopqrstuvwxyz0123456789-";
        int compared = 0;
        for (int b = 0; b < 256; b++) {
            byte x = (byte) b;
            if (!HttpChars.isTchar(x) && !HttpChars.isFieldChar(x)) continue; // the parser has refused the rest
            for (char c : nameChars.toCharArray()) {
                byte[] one = {x};
                byte[] name = {(byte) c};
                assertThat(HttpChars.equalsFolded(one, 0, 1, name))
                        .as("byte 0x%02x against '%s'", b, c)
                        .isEqualTo(HttpChars.equalsLowerCase(one, 0, 1, name));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(200 * nameChars.length());
    }

    @Test
    void comparesWholeNamesAndTheirLengths() {
        byte[] wire = "Xhost:CoNNection:keep-alivE".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(HttpChars.equalsFolded(wire, 1, 5, "host".getBytes())).isTrue();
        assertThat(HttpChars.equalsFolded(wire, 6, 16, "connection".getBytes())).isTrue();
        assertThat(HttpChars.equalsFolded(wire, 17, 27, "keep-alive".getBytes())).isTrue();
        assertThat(HttpChars.equalsFolded(wire, 1, 5, "hosts".getBytes())).isFalse();
        assertThat(HttpChars.equalsFolded(wire, 0, 4, "host".getBytes())).isFalse();
    }
}
