package dev.barista.protocol.http2.hpack;

import java.util.Arrays;

/**
 * The dynamic table of RFC 7541 section 2.3.2 and 4: a ring of entries, newest first (index 1), sized by the
 * section 4.1 rule (32 + name octets + value octets per entry) and evicting from the oldest end.
 *
 * <p>Each entry is one array holding the name's octets and then the value's, so a field referenced from the
 * table is copied once, straight into the {@link FieldBlock}. Each entry also keeps the hash codes its name and
 * value would have as ISO-8859-1 Strings, so the encoder's lookups compare Strings without allocating.
 */
final class DynamicTable {
    static final int ENTRY_OVERHEAD = 32;

    // The ring, indexed by slot; its length is a power of two and grows with the entry count.
    private byte[][] entries = new byte[16][];
    private int[] nameLengths = new int[16];
    private int[] nameHashes = new int[16];
    private int[] valueHashes = new int[16];
    private int newest = -1;
    private int length;
    private int size;
    private int capacity;

    DynamicTable(int capacity) {
        this.capacity = capacity;
    }

    /** The maximum size in octets, as last set by a dynamic table size update. */
    int capacity() {
        return capacity;
    }

    /** The size in octets, by the section 4.1 rule. */
    int size() {
        return size;
    }

    /** The number of entries. */
    int length() {
        return length;
    }

    static long entrySize(long nameLength, long valueLength) {
        return ENTRY_OVERHEAD + nameLength + valueLength;
    }

    /** Applies a new maximum size, evicting the oldest entries that no longer fit (section 4.3). */
    void setCapacity(int capacity) {
        this.capacity = capacity;
        evictUntilSizeIsAtMost(capacity);
    }

    void clear() {
        Arrays.fill(entries, null);
        newest = -1;
        length = 0;
        size = 0;
    }

    /**
     * Adds an entry (section 4.4): evicts from the oldest until it fits, and an entry larger than the capacity
     * empties the table and is not added; only then may the arrays be null. The octets are copied first, so the
     * name may come from an entry that the insertion evicts.
     */
    void add(byte[] name, int nameOff, int nameLen, byte[] value, int valueOff, int valueLen) {
        long entrySize = entrySize(nameLen, valueLen);
        if (entrySize > capacity) {
            clear();
            return;
        }
        byte[] f = new byte[nameLen + valueLen];
        System.arraycopy(name, nameOff, f, 0, nameLen);
        System.arraycopy(value, valueOff, f, nameLen, valueLen);
        insert(f, nameLen, latin1Hash(f, 0, nameLen), latin1Hash(f, nameLen, f.length), (int) entrySize);
    }

    /** The encoder's add: each char taken as one octet, as {@link HpackOutput#writeLatin1} sends it. */
    void add(String name, String value) {
        long entrySize = entrySize(name.length(), value.length());
        if (entrySize > capacity) {
            clear();
            return;
        }
        int nameLen = name.length();
        byte[] f = new byte[nameLen + value.length()];
        for (int i = 0; i < nameLen; i++) f[i] = (byte) name.charAt(i);
        for (int i = 0; i < value.length(); i++) f[nameLen + i] = (byte) value.charAt(i);
        insert(f, nameLen, latin1Hash(f, 0, nameLen), latin1Hash(f, nameLen, f.length), (int) entrySize);
    }

    /** The entry's octets, name then value; {@code index} counts from 1, the newest. */
    byte[] octets(int index) {
        return entries[slot(index)];
    }

    int nameLength(int index) {
        return nameLengths[slot(index)];
    }

    /** The lowest index of an entry with this name and value, or 0. */
    int indexOf(String name, String value) {
        int nameHash = name.hashCode();
        int valueHash = value.hashCode();
        for (int i = 1; i <= length; i++) {
            int s = slot(i);
            if (nameHashes[s] == nameHash && valueHashes[s] == valueHash
                    && matches(entries[s], 0, nameLengths[s], name)
                    && matches(entries[s], nameLengths[s], entries[s].length, value)) {
                return i;
            }
        }
        return 0;
    }

    /** The lowest index of an entry with this name, or 0. */
    int indexOfName(String name) {
        int nameHash = name.hashCode();
        for (int i = 1; i <= length; i++) {
            int s = slot(i);
            if (nameHashes[s] == nameHash && matches(entries[s], 0, nameLengths[s], name)) return i;
        }
        return 0;
    }

    private void insert(byte[] f, int nameLen, int nameHash, int valueHash, int entrySize) {
        evictUntilSizeIsAtMost(capacity - entrySize);
        if (length == entries.length) growRing();
        newest = (newest + 1) & (entries.length - 1);
        entries[newest] = f;
        nameLengths[newest] = nameLen;
        nameHashes[newest] = nameHash;
        valueHashes[newest] = valueHash;
        length++;
        size += entrySize;
    }

    private void evictUntilSizeIsAtMost(int target) {
        while (size > target) {
            int oldest = slot(length);
            size -= ENTRY_OVERHEAD + entries[oldest].length;
            entries[oldest] = null;
            length--;
        }
    }

    private int slot(int index) {
        return (newest - index + 1) & (entries.length - 1);
    }

    private void growRing() {
        int n = entries.length * 2;
        byte[][] f = new byte[n][];
        int[] nl = new int[n];
        int[] nh = new int[n];
        int[] vh = new int[n];
        for (int i = length, to = 0; i >= 1; i--, to++) { // oldest first, into slots 0..length-1
            int s = slot(i);
            f[to] = entries[s];
            nl[to] = nameLengths[s];
            nh[to] = nameHashes[s];
            vh[to] = valueHashes[s];
        }
        entries = f;
        nameLengths = nl;
        nameHashes = nh;
        valueHashes = vh;
        newest = length - 1;
    }

    /** {@link String#hashCode()} of these octets read as ISO-8859-1. */
    private static int latin1Hash(byte[] a, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + (a[i] & 0xFF);
        return h;
    }

    private static boolean matches(byte[] a, int from, int to, String s) {
        if (to - from != s.length()) return false;
        for (int i = from; i < to; i++) {
            if ((a[i] & 0xFF) != s.charAt(i - from)) return false;
        }
        return true;
    }
}
