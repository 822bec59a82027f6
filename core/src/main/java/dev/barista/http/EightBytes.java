package dev.barista.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Looks at eight bytes of a head at once (one {@code long}), so that the check of a long header value skips the
 * ordinary stretches and go byte by byte only where a block holds something that needs a closer look. The tests
 * are the exact "does any byte ..." word tricks: never a false "no"; a "yes" only sends the caller to its byte
 * loop, which decides.
 */
final class EightBytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long DELS = ONES * 0x7F;
    private static final long SPACES = ONES * 0x20;

    private EightBytes() {
    }

    /** The eight bytes at {@code a[i..i+8)}; the caller makes sure they are in the array. */
    static long at(byte[] a, int i) {
        return (long) LONGS.get(a, i);
    }

    /** Whether any byte is zero. */
    private static boolean anyZero(long x) {
        return ((x - ONES) & ~x & HIGHS) != 0;
    }

    /**
     * Whether any byte is a control character (below 0x20: HTAB and CR included) or DEL: the bytes a field value
     * may not hold, besides HTAB, and where its line ends. Bytes from 0x80 up (obs-text) are not counted.
     */
    static boolean hasControl(long x) {
        return ((x - SPACES) & ~x & HIGHS) != 0 || anyZero(x ^ DELS);
    }
}
