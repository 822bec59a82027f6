package dev.barista.protocol.http2.hpack;

import java.util.Arrays;

/** A growable byte array that header blocks are written into; reused from one block to the next. */
public final class HpackOutput {
    private byte[] array;
    private int length;

    public HpackOutput() {
        this(256);
    }

    public HpackOutput(int initialCapacity) {
        array = new byte[Math.max(16, initialCapacity)];
    }

    /** The backing array; its first {@link #length()} octets are the output. */
    public byte[] array() {
        return array;
    }

    public int length() {
        return length;
    }

    public void reset() {
        length = 0;
    }

    /** Writes the low eight bits of {@code b}. */
    public void write(int b) {
        if (length == array.length) grow(1);
        array[length++] = (byte) b;
    }

    public void write(byte[] src, int off, int len) {
        if (array.length - length < len) grow(len);
        System.arraycopy(src, off, array, length, len);
        length += len;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(array, length);
    }

    /**
     * Writes an integer with an N-bit prefix (RFC 7541 section 5.1): {@code flags} holds the representation's
     * bits above the prefix in the first octet.
     */
    void writeInteger(int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            write(flags | value);
            return;
        }
        write(flags | max);
        value -= max;
        while (value >= 0x80) {
            write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        write(value);
    }

    /** Writes each char of the string as one octet (ISO-8859-1, as Barista's header values are held). */
    void writeLatin1(String s) {
        int n = s.length();
        if (array.length - length < n) grow(n);
        for (int i = 0; i < n; i++) array[length + i] = (byte) s.charAt(i);
        length += n;
    }

    private void grow(int more) {
        long needed = (long) length + more;
        if (needed > Integer.MAX_VALUE - 8) throw new OutOfMemoryError("header block too large");
        array = Arrays.copyOf(array, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * array.length)));
    }
}
