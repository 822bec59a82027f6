package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.decode;
import static dev.barista.protocol.http2.hpack.Blocks.encode;
import static dev.barista.protocol.http2.hpack.Blocks.entries;
import static dev.barista.protocol.http2.hpack.Blocks.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.http2.hpack.HpackEncoder.LiteralCoding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 7541 Appendix C, byte for byte: the decoder on the RFC's blocks (fields, then the dynamic
 * table's entries and size), and the encoder writing the same blocks where its choices can be made to match.
 */
class HpackAppendixCTest {

    // ---- C.1 integers ---------------------------------------------------------------------------------------

    @Test
    void c1_1_tenWithFiveBitPrefix() throws HpackException {
        assertInteger(0x00, 5, 10, "0a");
    }

    @Test
    void c1_2_1337WithFiveBitPrefix() throws HpackException {
        assertInteger(0x00, 5, 1337, "1f9a0a");
    }

    @Test
    void c1_3_42AtAnOctetBoundary() throws HpackException {
        assertInteger(0x00, 8, 42, "2a");
    }

    @Test
    void integersKeepTheRepresentationBitsAboveThePrefix() throws HpackException {
        assertInteger(0xe0, 5, 10, "ea");
        assertInteger(0xe0, 5, 1337, "ff9a0a");
        assertInteger(0x80, 7, 127, "ff00");
        assertInteger(0x80, 7, Integer.MAX_VALUE, "ff80ffffff07");
    }

    private static void assertInteger(int flags, int prefixBits, int value, String hex) throws HpackException {
        HpackOutput out = new HpackOutput();
        out.writeInteger(flags, prefixBits, value);
        assertThat(hex(out)).isEqualTo(hex);
        HpackInput in = new HpackInput();
        byte[] bytes = hex(hex);
        in.reset(bytes, 0, bytes.length);
        assertThat(in.readInteger(prefixBits)).isEqualTo(value);
        assertThat(in.hasRemaining()).isFalse();
    }

    // ---- C.2 one field each -----------------------------------------------------------------------------------

    @Test
    void c2_1_literalWithIndexing() throws HpackException {
        String block = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decode(decoder, block)).containsExactly("custom-key: custom-header");
        assertThat(entries(decoder.table())).containsExactly("custom-key: custom-header");
        assertThat(decoder.table().size()).isEqualTo(55);

        HpackEncoder encoder = new HpackEncoder(4096, LiteralCoding.RAW, false);
        assertThat(encode(encoder, "custom-key: custom-header")).isEqualTo(hex(hex(block)));
    }

    @Test
    void c2_2_literalWithoutIndexing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decode(decoder, "040c 2f73 616d 706c 652f 7061 7468")).containsExactly(":path: /sample/path");
        assertThat(decoder.table().length()).isZero();
        assertThat(decoder.table().size()).isZero();
    }

    @Test
    void c2_3_literalNeverIndexed() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74")).containsExactly("password: secret");
        assertThat(decoder.table().length()).isZero();
    }

    @Test
    void c2_4_indexedField() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);
        assertThat(decode(decoder, "82")).containsExactly(":method: GET");
        assertThat(decoder.table().length()).isZero();
        assertThat(encode(new HpackEncoder(4096), ":method: GET")).isEqualTo("82");
    }

    // ---- C.3 and C.4 requests -----------------------------------------------------------------------------------

    private static final String[] REQUEST_1 = {":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com"};
    private static final String[] REQUEST_2 = {":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com", "cache-control: no-cache"};
    private static final String[] REQUEST_3 = {":method: GET", ":scheme: https", ":path: /index.html",
            ":authority: www.example.com", "custom-key: custom-value"};

    @Test
    void c3_requestsWithoutHuffman() throws HpackException {
        String[] blocks = {
                "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"};
        checkRequests(blocks, new HpackEncoder(4096, LiteralCoding.RAW, false));
    }

    @Test
    void c4_requestsWithHuffman() throws HpackException {
        String[] blocks = {
                "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"};
        checkRequests(blocks, new HpackEncoder(4096, LiteralCoding.HUFFMAN, false));
        // Here every Huffman string is the shorter one, so the default encoder writes the same blocks.
        checkRequests(blocks, new HpackEncoder(4096));
    }

    private static void checkRequests(String[] blocks, HpackEncoder encoder) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, Long.MAX_VALUE);

        assertThat(decode(decoder, blocks[0])).containsExactly(REQUEST_1);
        assertThat(entries(decoder.table())).containsExactly(":authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(57);
        assertThat(encode(encoder, REQUEST_1)).isEqualTo(hex(hex(blocks[0])));

        assertThat(decode(decoder, blocks[1])).containsExactly(REQUEST_2);
        assertThat(entries(decoder.table())).containsExactly("cache-control: no-cache",
                ":authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(110);
        assertThat(encode(encoder, REQUEST_2)).isEqualTo(hex(hex(blocks[1])));

        assertThat(decode(decoder, blocks[2])).containsExactly(REQUEST_3);
        assertThat(entries(decoder.table())).containsExactly("custom-key: custom-value",
                "cache-control: no-cache", ":authority: www.example.com");
        assertThat(decoder.table().size()).isEqualTo(164);
        assertThat(encode(encoder, REQUEST_3)).isEqualTo(hex(hex(blocks[2])));

        assertThat(entries(encoder.table())).isEqualTo(entries(decoder.table()));
    }

    // ---- C.5 and C.6 responses, table size 256, with eviction ---------------------------------------------------

    private static final String SET_COOKIE = "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
    private static final List<String> RESPONSE_1 = List.of(":status: 302", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com");
    private static final List<String> RESPONSE_2 = List.of(":status: 307", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:21 GMT", "location: https://www.example.com");
    private static final List<String> RESPONSE_3 = List.of(":status: 200", "cache-control: private",
            "date: Mon, 21 Oct 2013 20:13:22 GMT", "location: https://www.example.com", "content-encoding: gzip",
            SET_COOKIE);

    @Test
    void c5_responsesWithoutHuffman() throws HpackException {
        String[] blocks = {
                "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133"
                        + "3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "4803 3330 37c1 c0bf",
                "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a"
                        + "6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49"
                        + "553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"};
        // The RFC indexes set-cookie, which Barista never does unless told to for this test.
        checkResponses(blocks, new HpackEncoder(256, LiteralCoding.RAW, true));
    }

    @Test
    void c6_responsesWithHuffman() throws HpackException {
        String[] blocks = {
                "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d"
                        + "29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                "4883 640e ffc1 c0bf",
                "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d"
                        + "d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed"
                        + "4ee5 b106 3d50 07"};
        // "307" is as long Huffman coded as not, and the RFC codes it: force Huffman to match.
        checkResponses(blocks, new HpackEncoder(256, LiteralCoding.HUFFMAN, true));
    }

    private static void checkResponses(String[] blocks, HpackEncoder encoder) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(256, Long.MAX_VALUE);

        assertThat(decode(decoder, blocks[0])).isEqualTo(RESPONSE_1);
        assertThat(entries(decoder.table())).containsExactly("location: https://www.example.com",
                "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private", ":status: 302");
        assertThat(decoder.table().size()).isEqualTo(222);
        assertThat(encodeResponse(encoder, RESPONSE_1)).isEqualTo(hex(hex(blocks[0])));

        assertThat(decode(decoder, blocks[1])).isEqualTo(RESPONSE_2);
        assertThat(entries(decoder.table())).containsExactly(":status: 307", "location: https://www.example.com",
                "date: Mon, 21 Oct 2013 20:13:21 GMT", "cache-control: private");
        assertThat(decoder.table().size()).isEqualTo(222);
        assertThat(encodeResponse(encoder, RESPONSE_2)).isEqualTo(hex(hex(blocks[1])));

        assertThat(decode(decoder, blocks[2])).isEqualTo(RESPONSE_3);
        assertThat(entries(decoder.table())).containsExactly(SET_COOKIE, "content-encoding: gzip",
                "date: Mon, 21 Oct 2013 20:13:22 GMT");
        assertThat(decoder.table().size()).isEqualTo(215);
        assertThat(encodeResponse(encoder, RESPONSE_3)).isEqualTo(hex(hex(blocks[2])));

        assertThat(entries(encoder.table())).isEqualTo(entries(decoder.table()));
    }

    /** The status through {@link HpackEncoder#encodeStatus}, the rest through {@link HpackEncoder#encode}. */
    private static String encodeResponse(HpackEncoder encoder, List<String> lines) {
        HpackOutput out = new HpackOutput();
        encoder.encodeStatus(Integer.parseInt(lines.getFirst().substring(":status: ".length())), out);
        return hex(out) + encode(encoder, lines.subList(1, lines.size()).toArray(String[]::new));
    }
}
