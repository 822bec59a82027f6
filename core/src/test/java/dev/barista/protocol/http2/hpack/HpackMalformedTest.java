package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.decode;
import static dev.barista.protocol.http2.hpack.Blocks.hex;
import static dev.barista.protocol.http2.hpack.HuffmanTest.fromBits;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Blocks the decoder must refuse as a compression error, one reason each; none of them is a list-size refusal. */
class HpackMalformedTest {

    private final HpackDecoder decoder = new HpackDecoder(4096, 16384);

    @Test
    void indexZero() {
        assertRefused("80", "index 0");
    }

    @Test
    void indexBeyondTheStaticTableWhenTheDynamicOneIsEmpty() throws HpackException {
        assertThat(decode(decoder, "bd")).containsExactly("www-authenticate: "); // 61, the last static entry
        assertRefused("be", "index beyond the tables");
    }

    @Test
    void indexBeyondTheDynamicTable() throws HpackException {
        decode(decoder, "41 03 61 62 63"); // :authority: abc, now 62
        assertThat(decode(decoder, "be")).containsExactly(":authority: abc");
        assertRefused("bf", "index beyond the tables");
    }

    @Test
    void literalNameIndexBeyondTheTables() {
        assertRefused("7e 01 61", "index beyond the tables"); // with indexing, name index 62
        assertRefused("0f 2f 01 61", "index beyond the tables"); // without indexing, name index 15 + 47 = 62
    }

    @Test
    void integerAboveTwoToTheThirtyOneMinusOne() {
        assertRefused("ff ff ff ff ff 07", "integer larger than 2^31-1");
        assertRefused("ff 80 80 80 80 08", "integer larger than 2^31-1");
    }

    @Test
    void integerWithTooManyContinuationOctets() {
        assertRefused("ff 80 80 80 80 80 00", "integer with too many continuation octets");
    }

    @Test
    void stringLongerThanTheBlock() {
        assertRefused("40 0a 63 75", "string longer than the rest of the block");
        assertRefused("04 7f 00 61", "string longer than the rest of the block"); // length 127
    }

    @Test
    void huffmanEosInsideAString() {
        byte[] eos = fromBits("00011" + "1".repeat(30) + "11111");
        assertRefused(block("04", "85", hex(eos)), "invalid Huffman string");
    }

    @Test
    void huffmanPaddingLongerThanSevenBits() {
        assertRefused("04 81 ff", "invalid Huffman string");
        assertRefused("04 82 1f ff", "invalid Huffman string"); // 'a', then eleven 1 bits
    }

    @Test
    void huffmanPaddingNotAllOnes() {
        assertRefused("04 81 18", "invalid Huffman string"); // 'a', then 000
        assertRefused("04 81 1e", "invalid Huffman string"); // 'a', then 110
    }

    @Test
    void sizeUpdateAboveTheAdvertisedMaximum() throws HpackException {
        assertThat(decode(decoder, "3f e1 1f 82")).containsExactly(":method: GET"); // 4096: allowed
        assertThat(decoder.table().capacity()).isEqualTo(4096);
        assertRefused("3f e2 1f 82", "dynamic table size update above the maximum"); // 4097
    }

    @Test
    void sizeUpdateAboveALoweredMaximum() {
        decoder.setMaxTableSize(100);
        assertRefused("3f 46 82", "dynamic table size update above the maximum"); // 101
    }

    @Test
    void sizeUpdateAfterAField() {
        assertRefused("82 20", "dynamic table size update after a field");
    }

    @Test
    void missingSizeUpdateAfterTheMaximumShrank() throws HpackException {
        decoder.setMaxTableSize(100);
        HpackDecoder other = new HpackDecoder(4096, 16384);
        other.setMaxTableSize(100);
        assertThat(decode(other, "3f 45 82")).containsExactly(":method: GET"); // 100: what was owed
        assertRefused("82", "missing dynamic table size update");
    }

    @Test
    void truncatedBlock() {
        assertRefused("ff", "header block ends inside a representation"); // integer cut short
        assertRefused("ff 80", "header block ends inside a representation");
        assertRefused("41", "header block ends inside a representation"); // no value
        assertRefused("40", "header block ends inside a representation"); // no name
        assertRefused("40 01 61", "header block ends inside a representation"); // a name, no value
        assertRefused("40 81", "string longer than the rest of the block");
    }

    @Test
    void messagesDoNotQuoteTheInput() {
        HpackException e = refusal("04 81 18");
        assertThat(e.getMessage()).doesNotContain("18").doesNotContain("\u0018");
        assertThat(e.getStackTrace()).isEmpty();
    }

    private void assertRefused(String hex, String message) {
        HpackException e = refusal(hex);
        assertThat(e.getMessage()).startsWith(message);
        assertThat(e.isHeaderListTooLarge()).isFalse();
    }

    private HpackException refusal(String hex) {
        try {
            decoder.decode(ByteBuffer.wrap(hex(hex)), new FieldBlock());
        } catch (HpackException e) {
            return e;
        }
        throw new AssertionError("accepted");
    }

    private static String block(String... hexParts) {
        return String.join("", hexParts);
    }
}
