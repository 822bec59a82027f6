package dev.barista.protocol.http2.hpack;

import static dev.barista.protocol.http2.hpack.Blocks.entries;
import static dev.barista.protocol.http2.hpack.Blocks.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The header list limit: a block over it is read to its end and refused with a stream-level answer, the dynamic
 * table stays in step with the peer's, and memory stays within the limit whatever the block expands to.
 */
class HpackHeaderListLimitTest {

    private static final String A = "a".repeat(60);
    private static final String B = "b".repeat(60);
    private static final String C = "c".repeat(60);
    private static final String D = "d".repeat(60);

    @Test
    void aBlockOverTheLimitIsRefusedAndTheNextBlockStillDecodes() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 200); // two fields of 95 fit, three do not
        FieldBlock fields = new FieldBlock();

        HpackException e = refusal(decoder, block(encoder, "x-a", A, "x-b", B, "x-c", C, "x-d", D), fields);
        assertThat(e.isHeaderListTooLarge()).isTrue();
        assertThat(lines(fields)).containsExactly("x-a: " + A, "x-b: " + B);
        assertThat(fields.listSize()).isEqualTo(190);
        // Every insertion was made, including those after the limit.
        assertThat(entries(decoder.table())).containsExactly("x-d: " + D, "x-c: " + C, "x-b: " + B, "x-a: " + A);

        byte[] next = block(encoder, "x-d", D, "x-c", C);
        assertThat(next).hasSize(2); // two references to entries inserted after the limit was passed
        decoder.decode(ByteBuffer.wrap(next), fields);
        assertThat(lines(fields)).containsExactly("x-d: " + D, "x-c: " + C);
        assertThat(entries(decoder.table())).isEqualTo(entries(encoder.table()));
    }

    @Test
    void aListExactlyAtTheLimitIsAccepted() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 190);
        FieldBlock fields = new FieldBlock();
        decoder.decode(ByteBuffer.wrap(block(new HpackEncoder(4096), "x-a", A, "x-b", B)), fields);
        assertThat(fields.count()).isEqualTo(2);
        assertThat(fields.listSize()).isEqualTo(190);
    }

    @Test
    void anHpackBombIsRefusedWithinTheLimitsMemory() {
        // One 4 KB entry, then 10,000 one-octet references to it: 40 MB of header list from 14 KB of input.
        int limit = 16384;
        HpackOutput out = new HpackOutput();
        out.write(0x40);
        out.writeInteger(0x00, 7, 4);
        out.writeLatin1("bomb");
        out.writeInteger(0x00, 7, 4000);
        out.writeLatin1("x".repeat(4000));
        for (int i = 0; i < 10_000; i++) out.write(0x80 | 62);
        ByteBuffer block = ByteBuffer.wrap(out.toByteArray());
        HpackDecoder decoder = new HpackDecoder(4096, limit);
        FieldBlock fields = new FieldBlock();

        warmUp();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        HpackException e = refusal(decoder, block, fields);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(e.isHeaderListTooLarge()).isTrue();
        assertThat(fields.count()).isEqualTo(4); // 4 x 4036 fit in 16384
        assertThat(fields.bytes().length).isLessThanOrEqualTo(2 * limit);
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(1 << 20);
        assertThat(decoder.table().length()).isEqualTo(1);
    }

    @Test
    void aHuffmanStringLongerThanTheLimitIsMeasuredNotDecoded() {
        // A value of 100,000 '0's (five bits each) in 62,500 octets, not indexed: never worth materialising.
        int limit = 16384;
        HpackOutput out = new HpackOutput();
        out.write(0x04); // :path, without indexing
        out.writeInteger(0x80, 7, 62_500);
        for (int i = 0; i < 62_500; i++) out.write(0b0000_0000);
        HpackDecoder decoder = new HpackDecoder(4096, limit);
        FieldBlock fields = new FieldBlock();

        byte[] wire = out.toByteArray();
        warmUp();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        HpackException e = refusal(decoder, ByteBuffer.wrap(wire), fields);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(e.isHeaderListTooLarge()).isTrue();
        assertThat(fields.count()).isZero();
        assertThat(allocated).as("bytes allocated while decoding").isLessThan(64 << 10);
    }

    @Test
    void fieldsAfterTheLimitAreStillCheckedForMalformedEncoding() {
        HpackDecoder decoder = new HpackDecoder(4096, 40);
        // :authority with a 20-octet value (over the limit), then index 0.
        HpackException e = refusal(decoder, Blocks.hex("01 14" + "61".repeat(20) + "80"), new FieldBlock());
        assertThat(e.isHeaderListTooLarge()).isFalse();
        assertThat(e.getMessage()).isEqualTo("index 0");
    }

    @Test
    void theLimitIsPerBlock() throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096);
        HpackDecoder decoder = new HpackDecoder(4096, 200);
        FieldBlock fields = new FieldBlock();
        for (int i = 0; i < 5; i++) {
            decoder.decode(ByteBuffer.wrap(block(encoder, "x-a", A, "x-b", B)), fields);
            assertThat(fields.count()).isEqualTo(2);
        }
    }

    /** Loads and initialises the classes involved, so that what is measured is the decoding alone. */
    private static void warmUp() {
        try {
            HpackDecoder decoder = new HpackDecoder(4096, 100);
            decoder.decode(ByteBuffer.wrap(Blocks.hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")), new FieldBlock());
            decoder.decode(ByteBuffer.wrap(Blocks.hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff 80")), new FieldBlock());
        } catch (HpackException expected) {
            assertThat(expected.getMessage()).isNotEmpty();
        }
    }

    private static byte[] block(HpackEncoder encoder, String... namesAndValues) {
        HpackOutput out = new HpackOutput();
        for (int i = 0; i < namesAndValues.length; i += 2) encoder.encode(namesAndValues[i], namesAndValues[i + 1], out);
        return out.toByteArray();
    }

    private static HpackException refusal(HpackDecoder decoder, byte[] block, FieldBlock fields) {
        return refusal(decoder, ByteBuffer.wrap(block), fields);
    }

    private static HpackException refusal(HpackDecoder decoder, ByteBuffer block, FieldBlock fields) {
        try {
            decoder.decode(block, fields);
        } catch (HpackException e) {
            assertThat(block.hasRemaining()).as("a refused list still consumes its block")
                    .isEqualTo(!e.isHeaderListTooLarge());
            return e;
        }
        throw new AssertionError("accepted " + List.of(lines(fields)));
    }
}
