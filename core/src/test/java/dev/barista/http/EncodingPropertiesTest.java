package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Round trips of the codec's small number and text encoders against the JDK's own. Kept apart from the JUnit
 * classes on purpose: surefire reports a class run by two engines with only the last engine's count.
 */
class EncodingPropertiesTest {

    @Property(tries = 500)
    void chunkHeadersParseBackToTheirSize(@ForAll @IntRange(min = 1) int size) {
        ByteBuffer dst = ByteBuffer.allocate(16);
        ResponseEncoder.putChunkHeader(dst, size);
        String line = new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII);
        assertThat(line).endsWith("\r\n").doesNotStartWith("0").isEqualTo(line.toLowerCase(java.util.Locale.ROOT));
        assertThat(Integer.parseInt(line.substring(0, line.length() - 2), 16)).isEqualTo(size);
    }

    @Property(tries = 500)
    void decimalsMatchLongToString(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long value) {
        ByteBuffer dst = ByteBuffer.allocate(20);
        ResponseEncoder.putDecimal(dst, value);
        assertThat(new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(value));
    }

    @Property(tries = 500)
    void percentDecodingUndoesUrlEncoder(@ForAll String text) {
        // URLEncoder writes form encoding: '+' for space, %XX of UTF-8 for the rest. Lone surrogates do not
        // survive UTF-8, so compare with the text's own UTF-8 round trip.
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        String expected = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(PercentDecoder.decode(encoded, true)).isEqualTo(expected);
    }

    @Property(tries = 500)
    void percentDecodingLeavesNonAsciiTextAsItIs(@ForAll String text) {
        // Text with no '%' or '+' and with '%'-escapes only for ASCII round-trips to itself.
        String plain = text.replace("%", "").replace("+", "");
        String expected = new String(plain.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(PercentDecoder.decode(plain + "%21", false)).isEqualTo(expected + "!");
    }
}
