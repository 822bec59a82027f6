package dev.barista.protocol.http2.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of one decoded header block, as octets in one array plus four offsets per field (name start, name
 * end, value start, value end): the layout of Barista's {@code Headers}, so the HTTP/2 session can hand the
 * arrays over without copying each field. Reused from block to block by {@link #reset()}.
 */
public final class FieldBlock {
    private byte[] bytes;
    private int[] offsets;
    private int length;
    private int count;
    private long listSize;

    public FieldBlock() {
        this(256, 16);
    }

    public FieldBlock(int initialBytes, int initialFields) {
        bytes = new byte[Math.max(16, initialBytes)];
        offsets = new int[4 * Math.max(1, initialFields)];
    }

    /** The octets of every field; only the first {@link #length()} are used. */
    public byte[] bytes() {
        return bytes;
    }

    /** Four ints per field into {@link #bytes()}: name start, name end, value start, value end. */
    public int[] offsets() {
        return offsets;
    }

    public int count() {
        return count;
    }

    /** How many octets of {@link #bytes()} the fields use. */
    public int length() {
        return length;
    }

    /** The header list size of RFC 7541 section 4.1 (the octets of every name and value, plus 32 per field). */
    public long listSize() {
        return listSize;
    }

    public void reset() {
        length = 0;
        count = 0;
        listSize = 0;
    }

    /** Appends a field whose name and value are both in {@code src}. */
    public void add(byte[] src, int nameOff, int nameLen, int valueOff, int valueLen) {
        add(src, nameOff, nameLen, src, valueOff, valueLen);
    }

    /** Appends a field, copying its name and value. */
    public void add(byte[] name, int nameOff, int nameLen, byte[] value, int valueOff, int valueLen) {
        int needed = nameLen + valueLen;
        if (bytes.length - length < needed) bytes = Arrays.copyOf(bytes, grownLength(bytes.length, length + needed));
        if (offsets.length < 4 * (count + 1)) offsets = Arrays.copyOf(offsets, 2 * offsets.length);
        int o = 4 * count;
        System.arraycopy(name, nameOff, bytes, length, nameLen);
        offsets[o] = length;
        offsets[o + 1] = length + nameLen;
        length += nameLen;
        System.arraycopy(value, valueOff, bytes, length, valueLen);
        offsets[o + 2] = length;
        offsets[o + 3] = length + valueLen;
        length += valueLen;
        count++;
        listSize += DynamicTable.entrySize(nameLen, valueLen);
    }

    /** The name of field {@code i}; names are ASCII (RFC 9113 section 8.2.1 refuses the rest later). */
    public String name(int i) {
        checkIndex(i);
        return new String(bytes, offsets[4 * i], offsets[4 * i + 1] - offsets[4 * i], StandardCharsets.US_ASCII);
    }

    /** The value of field {@code i}: each octet one char, as Barista's {@code Headers} reads values. */
    public String value(int i) {
        checkIndex(i);
        return new String(bytes, offsets[4 * i + 2], offsets[4 * i + 3] - offsets[4 * i + 2],
                StandardCharsets.ISO_8859_1);
    }

    /** Whether field {@code i}'s name is exactly this (lower case, as HTTP/2 names must be). */
    public boolean nameIs(int i, String lowerCaseName) {
        checkIndex(i);
        int from = offsets[4 * i];
        int to = offsets[4 * i + 1];
        if (to - from != lowerCaseName.length()) return false;
        for (int k = from; k < to; k++) {
            if ((bytes[k] & 0xFF) != lowerCaseName.charAt(k - from)) return false;
        }
        return true;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) throw new IndexOutOfBoundsException(i);
    }

    private static int grownLength(int current, int needed) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * current));
    }
}
