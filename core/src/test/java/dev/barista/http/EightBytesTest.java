package dev.barista.http;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The word tricks against the byte-by-byte answer: every byte value at every position, and any eight bytes. */
class EightBytesTest {

    @Test
    void everyByteValueAtEveryPosition() {
        for (int position = 0; position < 8; position++) {
            for (int value = 0; value < 256; value++) {
                for (byte filler : new byte[]{'a', ' ', (byte) 0x80, (byte) 0xFF, '~', '!'}) {
                    byte[] block = new byte[]{filler, filler, filler, filler, filler, filler, filler, filler};
                    block[position] = (byte) value;
                    check(block);
                }
            }
        }
    }

    @Property(tries = 5000)
    void anyEightBytes(@ForAll byte[] random) {
        byte[] block = new byte[8];
        System.arraycopy(random, 0, block, 0, Math.min(8, random.length));
        check(block);
    }

    private static void check(byte[] block) {
        boolean control = false;
        for (byte b : block) {
            int u = b & 0xFF;
            control |= u < 0x20 || u == 0x7F;
        }
        long word = EightBytes.at(block, 0);
        assertThat(EightBytes.hasControl(word)).as("control in %s", java.util.Arrays.toString(block)).isEqualTo(control);
    }
}
