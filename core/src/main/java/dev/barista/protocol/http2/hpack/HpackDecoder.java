package dev.barista.protocol.http2.hpack;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decodes the header blocks of one direction of one connection (RFC 7541), keeping the dynamic table that the
 * peer's encoder fills. Confined to the connection's thread, like the session that owns it.
 *
 * <p>Two limits guard memory. The dynamic table is bounded by the size we advertise. The header list is bounded
 * by {@code maxHeaderListSize} (the section 4.1 size, as SETTINGS_MAX_HEADER_LIST_SIZE counts it): past it the
 * decoder still reads the whole block, because the table must follow every insertion the peer made (RFC 9113
 * section 4.3), but stores no more fields and throws {@link HpackException#isHeaderListTooLarge()} at the end.
 * A string that neither the list nor the table could hold is only measured, never decoded into memory, so a
 * block of many references to one large entry costs no more than the limit.
 *
 * <p>This layer checks encoding only; what the fields say (pseudo-header order, upper-case names, connection
 * headers) is the HTTP/2 session's business. "Never indexed" literals decode like any other: Barista does not
 * re-encode what it receives.
 */
public final class HpackDecoder {
    private final DynamicTable table;
    private final long maxHeaderListSize;
    private final HpackInput in = new HpackInput();
    /** The SETTINGS_HEADER_TABLE_SIZE we advertise: no size update may go above it. */
    private int maxTableSize;
    /** Set when our maximum fell below the table's capacity: the peer must shrink it in its next block. */
    private boolean sizeUpdateRequired;

    /** A block from a buffer without an accessible array, copied once. */
    private byte[] copy = new byte[0];
    /** Huffman-decoded strings of the field being read: the name first, then the value. */
    private byte[] scratch = new byte[64];

    // The string last read: its octets (null when it is too long to be needed) and its length.
    private byte[] stringArray;
    private int stringOffset;
    private int stringLength;

    // The block being read.
    private long listSize;
    private boolean listTooLarge;

    /**
     * @param maxTableSize the dynamic table size both ends start with: 4096 in HTTP/2 (RFC 9113 section 6.5.2)
     * @param maxHeaderListSize the most a block's header list may hold, by the section 4.1 rule
     */
    public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        if (maxTableSize < 0 || maxHeaderListSize < 0) throw new IllegalArgumentException("negative limit");
        this.table = new DynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /**
     * Sets the SETTINGS_HEADER_TABLE_SIZE we advertise, once the peer has acknowledged it (RFC 9113 section
     * 6.5.3). If it is below the table's current capacity, the peer's next block must begin with a dynamic table
     * size update no larger (RFC 7541 section 4.2).
     */
    public void setMaxTableSize(int maxTableSize) {
        if (maxTableSize < 0) throw new IllegalArgumentException("negative table size");
        this.maxTableSize = maxTableSize;
        if (maxTableSize < table.capacity()) sizeUpdateRequired = true;
    }

    /**
     * Decodes one complete header block, from the buffer's position to its limit, into {@code into} (reset
     * first). The buffer is consumed unless the block is malformed. A malformed block is a connection error;
     * a list over the limit ({@link HpackException#isHeaderListTooLarge()}) is not, and leaves {@code into}
     * holding only the fields that came before the limit.
     */
    public void decode(ByteBuffer block, FieldBlock into) throws HpackException {
        into.reset();
        if (block.hasArray()) {
            in.reset(block.array(), block.arrayOffset() + block.position(), block.arrayOffset() + block.limit());
        } else {
            int n = block.remaining();
            if (copy.length < n) copy = new byte[n];
            block.get(block.position(), copy, 0, n);
            in.reset(copy, 0, n);
        }
        listSize = 0;
        listTooLarge = false;
        try {
            readSizeUpdates();
            while (in.hasRemaining()) readField(into);
        } finally {
            in.reset(null, 0, 0); // do not keep the caller's array
            stringArray = null;
        }
        block.position(block.limit());
        if (listTooLarge) throw HpackException.headerListTooLarge();
    }

    /** The dynamic table, for tests. */
    DynamicTable table() {
        return table;
    }

    /** Size updates may only open a block (section 4.2); one is owed when our maximum shrank. */
    private void readSizeUpdates() throws HpackException {
        boolean updated = false;
        while (in.hasRemaining() && (in.peek() & 0xE0) == 0x20) {
            int size = in.readInteger(5);
            if (size > maxTableSize) throw new HpackException("dynamic table size update above the maximum");
            table.setCapacity(size);
            updated = true;
        }
        if (sizeUpdateRequired && !updated) throw new HpackException("missing dynamic table size update");
        sizeUpdateRequired = false;
    }

    private void readField(FieldBlock into) throws HpackException {
        int b = in.peek();
        if (b >= 0x80) {
            readIndexed(into);
        } else if (b >= 0x40) {
            readLiteral(into, 6, true);
        } else if (b >= 0x20) {
            throw new HpackException("dynamic table size update after a field");
        } else {
            readLiteral(into, 4, false); // without indexing (0000) and never indexed (0001) read alike
        }
    }

    /** Section 6.1: a whole field from either table. */
    private void readIndexed(FieldBlock into) throws HpackException {
        int index = in.readInteger(7);
        if (index == 0) throw new HpackException("index 0");
        if (index <= StaticTable.LENGTH) {
            byte[] name = StaticTable.name(index);
            byte[] value = StaticTable.value(index);
            store(into, name, 0, name.length, value, 0, value.length);
        } else {
            int d = dynamicIndex(index);
            byte[] f = table.octets(d);
            int nameLen = table.nameLength(d);
            store(into, f, 0, nameLen, f, nameLen, f.length - nameLen);
        }
    }

    /** Sections 6.2.1 to 6.2.3: a name from a table or literal, then a literal value. */
    private void readLiteral(FieldBlock into, int prefixBits, boolean indexing) throws HpackException {
        boolean wanted = indexing || !listTooLarge;
        int nameIndex = in.readInteger(prefixBits);
        byte[] name;
        int nameOff;
        int nameLen;
        if (nameIndex == 0) {
            readString(0, wanted);
            name = stringArray;
            nameOff = stringOffset;
            nameLen = stringLength;
        } else if (nameIndex <= StaticTable.LENGTH) {
            name = StaticTable.name(nameIndex);
            nameOff = 0;
            nameLen = name.length;
        } else {
            int d = dynamicIndex(nameIndex);
            name = table.octets(d);
            nameOff = 0;
            nameLen = table.nameLength(d);
        }
        readString(name == scratch ? nameLen : 0, wanted);
        store(into, name, nameOff, nameLen, stringArray, stringOffset, stringLength);
        // A string left unread (null) makes the entry larger than the table: add() then only empties it.
        if (indexing) table.add(name, nameOff, nameLen, stringArray, stringOffset, stringLength);
    }

    private int dynamicIndex(int index) throws HpackException {
        int d = index - StaticTable.LENGTH;
        if (d > table.length()) throw new HpackException("index beyond the tables");
        return d;
    }

    /** Counts the field into the list size and keeps it while the list is within the limit. */
    private void store(FieldBlock into, byte[] name, int nameOff, int nameLen,
                       byte[] value, int valueOff, int valueLen) {
        listSize += DynamicTable.entrySize(nameLen, valueLen);
        if (listTooLarge) return;
        if (listSize > maxHeaderListSize) {
            listTooLarge = true;
            return;
        }
        into.add(name, nameOff, nameLen, value, valueOff, valueLen);
    }

    /**
     * Section 5.2: reads a string, leaving it in {@link #stringArray} (the block itself when it is not Huffman
     * coded, else {@link #scratch} at {@code scratchOffset}) and {@link #stringLength}. A Huffman string that is
     * not wanted, or longer than anything the list or the table could keep, is only validated and measured.
     */
    private void readString(int scratchOffset, boolean wanted) throws HpackException {
        if (!in.hasRemaining()) throw HpackInput.truncated();
        boolean huffman = (in.peek() & 0x80) != 0;
        int len = in.readInteger(7);
        if (len > in.remaining()) throw new HpackException("string longer than the rest of the block");
        int at = in.take(len);
        if (!huffman) {
            stringArray = in.array;
            stringOffset = at;
            stringLength = len;
            return;
        }
        int room = Huffman.maxDecodedLength(len);
        if (!wanted || room > longestUsefulString()) {
            int n = Huffman.decodedLength(in.array, at, len);
            if (n < 0) throw invalidHuffman();
            if (!wanted || n > longestUsefulString()) {
                stringArray = null;
                stringOffset = 0;
                stringLength = n;
                return;
            }
            room = n;
        }
        if (scratch.length - scratchOffset < room) {
            scratch = Arrays.copyOf(scratch, Math.max(scratchOffset + room, 2 * scratch.length));
        }
        int n = Huffman.decode(in.array, at, len, scratch, scratchOffset);
        if (n < 0) throw invalidHuffman();
        stringArray = scratch;
        stringOffset = scratchOffset;
        stringLength = n;
    }

    /** A longer string can neither join the list nor enter the table. */
    private int longestUsefulString() {
        return (int) Math.max(table.capacity(), Math.min(maxHeaderListSize, Integer.MAX_VALUE));
    }

    private static HpackException invalidHuffman() {
        return new HpackException("invalid Huffman string: EOS, or padding that is not a short run of 1 bits");
    }
}
