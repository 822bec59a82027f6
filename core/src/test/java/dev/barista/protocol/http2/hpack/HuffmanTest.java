package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Appendix B code, checked entry by entry where the RFC's examples do not reach, and its padding rules. */
class HuffmanTest {

    /** The Huffman strings of Appendix C.4 and C.6. */
    @ParameterizedTest
    @CsvSource({
            "www.example.com, f1e3c2e5f23a6ba0ab90f4ff",
            "no-cache, a8eb10649cbf",
            "custom-key, 25a849e95ba97d7f",
            "custom-value, 25a849e95bb8e8b4bf",
            "302, 6402",
            "307, 640eff",
            "private, aec3771a4b",
            "'Mon, 21 Oct 2013 20:13:21 GMT', d07abe941054d444a8200595040b8166e082a62d1bff",
            "'Mon, 21 Oct 2013 20:13:22 GMT', d07abe941054d444a8200595040b8166e084a62d1bff",
            "https://www.example.com, 9d29ad171863c78f0b97c8e9ae82ae43d3",
            "gzip, 9bd9ab",
            "'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1',"
                    + " 94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
    })
    void appendixCStrings(String text, String code) {
        HpackOutput out = new HpackOutput();
        Huffman.encode(text, out);
        assertThat(hex(out)).isEqualTo(code);
        assertThat(Huffman.encodedLength(text)).isEqualTo(out.length());
        assertThat(decode(Blocks.hex(code))).isEqualTo(text);
    }

    /**
     * A few entries of the table, one from each code length band: eight copies of a symbol fill exactly
     * {@code length} octets, whose bits are the code eight times over.
     */
    @ParameterizedTest
    @CsvSource({
            "48, 0x0, 5", "32, 0x14, 6", "58, 0x5c, 7", "38, 0xf8, 8", "33, 0x3f8, 10", "39, 0x7fa, 11",
            "35, 0xffa, 12", "0, 0x1ff8, 13", "94, 0x3ffc, 14", "60, 0x7ffc, 15", "92, 0x7fff0, 19",
            "128, 0xfffe6, 20", "153, 0x1fffdc, 21", "129, 0x3fffd2, 22", "1, 0x7fffd8, 23", "9, 0xffffea, 24",
            "199, 0x1ffffec, 25", "192, 0x3ffffe0, 26", "203, 0x7ffffde, 27", "2, 0xfffffe2, 28",
            "10, 0x3ffffffc, 30", "22, 0x3ffffffe, 30", "255, 0x3ffffee, 26", "127, 0xffffffc, 28",
    })
    void tableEntries(int symbol, String code, int length) {
        long c = Long.decode(code);
        String text = String.valueOf((char) symbol).repeat(8);
        HpackOutput out = new HpackOutput();
        Huffman.encode(text, out);
        assertThat(out.length()).isEqualTo(length);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String bits = Long.toBinaryString(c);
            expected.append("0".repeat(length - bits.length())).append(bits);
        }
        assertThat(bits(out.toByteArray())).isEqualTo(expected.toString());
        assertThat(decode(out.toByteArray())).isEqualTo(text);
    }

    @Test
    void everyOctetRoundTripsAlone() {
        for (int b = 0; b < 256; b++) {
            String text = String.valueOf((char) b);
            HpackOutput out = new HpackOutput();
            Huffman.encode(text, out);
            assertThat(decode(out.toByteArray())).as("octet %d", b).isEqualTo(text);
        }
    }

    @Test
    void theEmptyStringIsEmpty() {
        HpackOutput out = new HpackOutput();
        Huffman.encode("", out);
        assertThat(out.length()).isZero();
        assertThat(Huffman.decode(new byte[0], 0, 0, new byte[0], 0)).isZero();
    }

    @Test
    void paddingOfUpToSevenOnesIsAccepted() {
        // 'a' is 00011: three, then eleven bits of room for padding.
        assertThat(decode(fromBits("00011" + "111"))).isEqualTo("a");
        assertThat(decode(fromBits("00011" + "00011" + "111111"))).isEqualTo("aa");
    }

    @Test
    void eosInsideAStringIsRefused() {
        assertThat(Huffman.decode(fromBits("00011" + "1".repeat(30) + "11111"), 0, 5, new byte[8], 0)).isEqualTo(-1);
        assertThat(Huffman.decodedLength(fromBits("1".repeat(30) + "00011" + "11111"), 0, 5)).isEqualTo(-1);
    }

    @Test
    void paddingLongerThanSevenBitsIsRefused() {
        assertThat(Huffman.decodedLength(fromBits("11111111"), 0, 1)).isEqualTo(-1);
        assertThat(Huffman.decodedLength(fromBits("00011" + "11111111111"), 0, 2)).isEqualTo(-1);
    }

    @Test
    void paddingThatIsNotAllOnesIsRefused() {
        assertThat(Huffman.decodedLength(fromBits("00011" + "000"), 0, 1)).isEqualTo(-1);
        assertThat(Huffman.decodedLength(fromBits("00011" + "110"), 0, 1)).isEqualTo(-1);
        assertThat(Huffman.decodedLength(fromBits("00011" + "011"), 0, 1)).isEqualTo(-1);
    }

    @Test
    void decodedLengthBoundHoldsForTheShortestCodes() {
        byte[] zeros = fromBits("00000".repeat(8)); // eight '0's in five octets
        assertThat(Huffman.decodedLength(zeros, 0, zeros.length)).isEqualTo(8)
                .isEqualTo(Huffman.maxDecodedLength(zeros.length));
    }

    static String decode(byte[] code) {
        byte[] dst = new byte[Huffman.maxDecodedLength(code.length)];
        int n = Huffman.decode(code, 0, code.length, dst, 0);
        assertThat(n).as("decoded length").isGreaterThanOrEqualTo(0);
        assertThat(Huffman.decodedLength(code, 0, code.length)).isEqualTo(n);
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Octets from a string of bits whose length is a multiple of 8. */
    static byte[] fromBits(String bits) {
        assertThat(bits.length() % 8).isZero();
        byte[] out = new byte[bits.length() / 8];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(bits.substring(8 * i, 8 * i + 8), 2);
        return out;
    }

    private static String bits(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%8s", Integer.toBinaryString(b & 0xFF)).replace(' ', '0'));
        return sb.toString();
    }
}
