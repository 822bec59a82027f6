package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.hex;
import static dev.barista.protocol.http2.hpack.Blocks.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The decoder's contract with its caller: where it reads, what it consumes, and the FieldBlock it fills. */
class HpackDecoderTest {

    private static final String C4_1 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
    private static final String[] REQUEST = {":method: GET", ":scheme: http", ":path: /",
            ":authority: www.example.com"};

    @Test
    void readsFromPositionToLimitAndConsumesTheBlock() throws HpackException {
        byte[] block = hex(C4_1);
        byte[] framed = new byte[block.length + 10];
        Arrays.fill(framed, (byte) 0x80); // index 0 around the block: reading past it would fail
        System.arraycopy(block, 0, framed, 5, block.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed, 5, block.length);
        FieldBlock fields = new FieldBlock();
        new HpackDecoder(4096, 8192).decode(buffer, fields);
        assertThat(lines(fields)).containsExactly(REQUEST);
        assertThat(buffer.position()).isEqualTo(5 + block.length);
        assertThat(buffer.limit()).isEqualTo(5 + block.length);
    }

    @Test
    void readsASliceWithAnArrayOffset() throws HpackException {
        byte[] block = hex(C4_1);
        byte[] framed = new byte[block.length + 9];
        Arrays.fill(framed, (byte) 0x80);
        System.arraycopy(block, 0, framed, 9, block.length);
        ByteBuffer slice = ByteBuffer.wrap(framed).position(9).slice();
        FieldBlock fields = new FieldBlock();
        new HpackDecoder(4096, 8192).decode(slice, fields);
        assertThat(lines(fields)).containsExactly(REQUEST);
        assertThat(slice.hasRemaining()).isFalse();
    }

    @Test
    void readsDirectAndReadOnlyBuffers() throws HpackException {
        byte[] block = hex(C4_1);
        ByteBuffer direct = ByteBuffer.allocateDirect(block.length + 4).put(new byte[2]).put(block).flip().position(2);
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        FieldBlock fields = new FieldBlock();
        decoder.decode(direct, fields);
        assertThat(lines(fields)).containsExactly(REQUEST);
        assertThat(direct.hasRemaining()).isFalse();

        decoder.decode(ByteBuffer.wrap(hex("8286 84be")).asReadOnlyBuffer(), fields); // the entry from the block above
        assertThat(lines(fields)).containsExactly(REQUEST);
    }

    @Test
    void eachBlockStartsAFreshFieldBlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        FieldBlock fields = new FieldBlock();
        decoder.decode(ByteBuffer.wrap(hex(C4_1)), fields);
        decoder.decode(ByteBuffer.wrap(hex("82")), fields);
        assertThat(lines(fields)).containsExactly(":method: GET");
        decoder.decode(ByteBuffer.allocate(0), fields);
        assertThat(fields.count()).isZero();
    }

    @Test
    void fieldBlockHoldsOffsetsIntoOneArray() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 8192);
        FieldBlock fields = new FieldBlock(16, 1); // small, to make it grow
        decoder.decode(ByteBuffer.wrap(hex(C4_1)), fields);
        assertThat(fields.count()).isEqualTo(4);
        int[] o = fields.offsets();
        byte[] b = fields.bytes();
        assertThat(new String(b, o[12], o[13] - o[12], StandardCharsets.US_ASCII))
                .isEqualTo(":authority");
        assertThat(new String(b, o[14], o[15] - o[14], StandardCharsets.US_ASCII))
                .isEqualTo("www.example.com");
        assertThat(fields.length()).isEqualTo(o[15]);
        assertThat(fields.nameIs(3, ":authority")).isTrue();
        assertThat(fields.nameIs(3, ":authorit")).isFalse();
        assertThat(fields.nameIs(0, ":path")).isFalse();
        // 4 x 32, plus the octets: 7+3, 7+4, 5+1, 10+15
        assertThat(fields.listSize()).isEqualTo(128 + 10 + 11 + 6 + 25);
    }

    @Test
    void valuesAreOctetsReadAsIsoLatin1() throws HpackException {
        FieldBlock fields = new FieldBlock();
        // x-a: the octets 0x00, 0x7f, 0x80, 0xe9, 0xff, raw
        new HpackDecoder(4096, 8192).decode(ByteBuffer.wrap(hex("00 03 782d61 05 007f80e9ff")), fields);
        assertThat(fields.value(0)).isEqualTo("\u0000\u007f\u0080\u00e9\u00ff");
        assertThat(fields.name(0)).isEqualTo("x-a");
    }
}
