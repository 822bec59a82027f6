package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.decode;
import static dev.barista.protocol.http2.hpack.Blocks.encode;
import static dev.barista.protocol.http2.hpack.Blocks.entries;
import static dev.barista.protocol.http2.hpack.Blocks.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The encoder's choices: what it indexes, what it never indexes, and when it uses Huffman. */
class HpackEncoderTest {

    private final HpackEncoder encoder = new HpackEncoder(4096);
    private final HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);

    @Test
    void repeatedResponseHeadersBecomeOneOctetEach() throws HpackException {
        String[] head = {"content-type: text/html; charset=utf-8", "server: barista",
                "date: Mon, 21 Oct 2013 20:13:21 GMT"};
        String first = response(200, head);
        assertThat(first.length() / 2).isGreaterThan(40);
        assertThat(response(200, head)).isEqualTo("88" + "c0" + "bf" + "be");
        assertThat(response(200, head)).isEqualTo("88c0bfbe");
    }

    @ParameterizedTest
    @CsvSource({"200, 88", "204, 89", "206, 8a", "304, 8b", "400, 8c", "404, 8d", "500, 8e"})
    void staticStatusesAreOneOctet(int status, String hex) throws HpackException {
        assertThat(response(status)).isEqualTo(hex);
        assertThat(encoder.table().length()).isZero();
    }

    @Test
    void otherStatusesAreIndexedLiterals() throws HpackException {
        assertThat(response(302)).isEqualTo("48" + "82" + "6402"); // name :status (8), "302" in Huffman
        assertThat(response(302)).isEqualTo("be");
        assertThat(response(201)).isEqualTo("48" + "82" + "1003");
        assertThat(response(999)).isEqualTo("48" + "03" + "393939"); // '9' is 6 bits: Huffman saves nothing
    }

    @Test
    void statusesMustHaveThreeDigits() {
        HpackOutput out = new HpackOutput();
        assertThatThrownBy(() -> encoder.encodeStatus(99, out)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.encodeStatus(1000, out)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"authorization, 1f08", "proxy-authorization, 1f22", "cookie, 1f11", "set-cookie, 1f28"})
    void credentialsAreNeverIndexed(String name, String prefix) throws HpackException {
        String line = name + ": secret=1";
        for (int i = 0; i < 2; i++) {
            String block = encode(encoder, line);
            assertThat(block).startsWith(prefix);
            assertThat(decode(decoder, block)).containsExactly(line);
        }
        assertThat(encoder.table().length()).isZero();
        assertThat(decoder.table().length()).isZero();
    }

    @Test
    void valuesLongerThanAQuarterOfTheTableAreNotIndexed() throws HpackException {
        String notIndexed = "x-long: " + "v".repeat(1025);
        String indexed = "x-long: " + "v".repeat(1024);
        assertThat(encode(encoder, notIndexed)).startsWith("00"); // literal without indexing, new name
        assertThat(encoder.table().length()).isZero();
        assertThat(encode(encoder, indexed)).startsWith("40");
        assertThat(entries(encoder.table())).containsExactly(indexed);
        // The name is now in the table: the long value is written with it, still not indexed.
        assertThat(encode(encoder, notIndexed)).startsWith("0f2f");
    }

    @Test
    void aTableOfZeroIndexesNothing() throws HpackException {
        HpackEncoder none = new HpackEncoder(0);
        HpackDecoder d = new HpackDecoder(0, Long.MAX_VALUE);
        for (int i = 0; i < 2; i++) {
            String block = encode(none, "content-type: text/plain", "x-a: b");
            assertThat(block).startsWith("0f10"); // content-type (31) without indexing
            assertThat(decode(d, block)).containsExactly("content-type: text/plain", "x-a: b");
        }
        assertThat(none.table().length()).isZero();
    }

    @Test
    void huffmanOnlyWhenShorter() throws HpackException {
        assertThat(encode(encoder, "x-a: www.example.com")).startsWith("40" + "03782d61" + "8c"); // 12 < 15
        String highOctets = "x-b: \u00ff\u00fe\u00fd"; // 26 or more bits each
        assertThat(encode(encoder, highOctets)).isEqualTo("40" + "03782d62" + "03fffefd");
        assertThat(decode(decoder, encode(new HpackEncoder(4096), "x-a: www.example.com", highOctets)))
                .containsExactly("x-a: www.example.com", highOctets);
    }

    @Test
    void emptyValuesUseTheStaticEntries() {
        assertThat(encode(encoder, "accept-ranges: ")).isEqualTo("92");
        assertThat(encode(encoder, ":authority: ")).isEqualTo("81");
    }

    @Test
    void aNameFromTheDynamicTableIsReferenced() {
        encode(encoder, "x-custom: a");
        assertThat(encode(encoder, "x-custom: b")).isEqualTo("7e" + "0162"); // name 62, indexed
        assertThat(encoder.table().length()).isEqualTo(2);
    }

    private String response(int status, String... lines) throws HpackException {
        HpackOutput out = new HpackOutput();
        encoder.encodeStatus(status, out);
        String block = hex(out) + encode(encoder, lines);
        assertThat(decode(decoder, block).getFirst()).isEqualTo(":status: " + status);
        assertThat(entries(decoder.table())).isEqualTo(entries(encoder.table()));
        return block;
    }
}
