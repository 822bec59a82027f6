package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.decode;
import static dev.barista.protocol.http2.hpack.Blocks.encode;
import static dev.barista.protocol.http2.hpack.Blocks.entries;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Dynamic table sizes (RFC 7541 sections 4.2 to 4.4 and 6.3): the updates the encoder sends, what the decoder
 * accepts, and eviction on both sides.
 */
class HpackTableSizeTest {

    private final HpackEncoder encoder = new HpackEncoder(4096);
    private final HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);

    @Test
    void shrinkingThenGrowingBetweenBlocksSendsTheMinimumThenTheFinalSize() throws HpackException {
        roundTrip("x-a: 1", "x-b: 2");
        encoder.setMaxTableSize(100);
        encoder.setMaxTableSize(4096);
        decoder.setMaxTableSize(100);
        decoder.setMaxTableSize(4096);
        String block = roundTrip(":method: GET");
        assertThat(block).isEqualTo("3f45" + "3fe11f" + "82"); // 100, 4096, then the field
        assertThat(decoder.table().capacity()).isEqualTo(4096);
        // 100 octets kept both entries (36 each); 40 keeps only the newer.
        encoder.setMaxTableSize(40);
        encoder.setMaxTableSize(4096);
        decoder.setMaxTableSize(40);
        decoder.setMaxTableSize(4096);
        assertThat(roundTrip(":method: GET")).isEqualTo("3f09" + "3fe11f" + "82");
        assertThat(entries(decoder.table())).containsExactly("x-b: 2");
        assertThat(entries(encoder.table())).containsExactly("x-b: 2");
    }

    @Test
    void shrinkingSendsOneUpdateAndEvicts() throws HpackException {
        roundTrip("x-a: 1", "x-b: 2");
        encoder.setMaxTableSize(40);
        decoder.setMaxTableSize(40);
        assertThat(roundTrip(":method: GET")).isEqualTo("3f09" + "82");
        assertThat(entries(decoder.table())).containsExactly("x-b: 2");
        assertThat(decoder.table().capacity()).isEqualTo(40);
    }

    @Test
    void growingSendsOneUpdateUpToTheEncodersOwnLimit() throws HpackException {
        HpackEncoder small = new HpackEncoder(4096);
        small.setMaxTableSize(1000);
        assertThat(encode(small, ":method: GET")).isEqualTo("3fc907" + "82");
        small.setMaxTableSize(65536); // the peer allows more than this encoder ever uses
        assertThat(encode(small, ":method: GET")).isEqualTo("3fe11f" + "82");
        small.setMaxTableSize(65536);
        assertThat(encode(small, ":method: GET")).isEqualTo("82");
    }

    @Test
    void anUnchangedSizeSendsNothing() {
        encoder.setMaxTableSize(4096);
        encoder.setMaxTableSize(8192);
        assertThat(encode(encoder, ":method: GET")).isEqualTo("82");
    }

    @Test
    void aSizeOfZeroEmptiesTheTableAndStopsIndexing() throws HpackException {
        roundTrip("x-a: 1");
        encoder.setMaxTableSize(0);
        decoder.setMaxTableSize(0);
        // The update, then a literal without indexing: name "x-a" and value "1", neither shorter in Huffman.
        assertThat(roundTrip("x-a: 1")).isEqualTo("20" + "00" + "03782d61" + "0131");
        assertThat(decoder.table().length()).isZero();
        assertThat(encoder.table().length()).isZero();
    }

    @Test
    void aLargerMaximumNeedsNoUpdate() throws HpackException {
        decoder.setMaxTableSize(8192);
        assertThat(decode(decoder, "82")).containsExactly(":method: GET");
        assertThat(decode(decoder, "3f e1 3f 82")).containsExactly(":method: GET"); // 8192 now allowed
        assertThat(decoder.table().capacity()).isEqualTo(8192);
    }

    @Test
    void anEntryLargerThanTheTableEmptiesItAndIsNotAdded() throws HpackException {
        HpackDecoder d = new HpackDecoder(100, Long.MAX_VALUE);
        decode(d, "40 01 61 01 62"); // a: b, 34 octets
        assertThat(entries(d.table())).containsExactly("a: b");
        String big = "61".repeat(80); // 32 + 1 + 80 = 113 > 100
        assertThat(decode(d, "40 01 63 50" + big)).containsExactly("c: " + "a".repeat(80));
        assertThat(d.table().length()).isZero();
        assertThat(d.table().size()).isZero();
    }

    @Test
    void aNameFromTheEntryThatTheInsertionEvictsSurvives() throws HpackException {
        HpackDecoder d = new HpackDecoder(100, Long.MAX_VALUE);
        decode(d, "40 01 61 01 62"); // a: b (34)
        String value = "78".repeat(60); // a: x*60 is 93 octets, so a: b must go
        assertThat(decode(d, "7e 3c" + value)).containsExactly("a: " + "x".repeat(60));
        assertThat(entries(d.table())).containsExactly("a: " + "x".repeat(60));
        assertThat(d.table().size()).isEqualTo(93);
    }

    @Test
    void manyEntriesGrowTheRingAndEvictInOrder() throws HpackException {
        for (int i = 0; i < 300; i++) roundTrip("x-" + i + ": v" + i);
        assertThat(entries(decoder.table())).isEqualTo(entries(encoder.table()));
        assertThat(decoder.table().size()).isLessThanOrEqualTo(4096);
        assertThat(entries(decoder.table()).getFirst()).isEqualTo("x-299: v299");
        assertThat(roundTrip("x-299: v299", "x-250: v250")).isEqualTo("be" + "ef"); // 61 + 1 and 61 + 50
    }

    private String roundTrip(String... lines) throws HpackException {
        String block = encode(encoder, lines);
        assertThat(decode(decoder, block)).containsExactly(lines);
        assertThat(entries(decoder.table())).isEqualTo(entries(encoder.table()));
        return block;
    }
}
