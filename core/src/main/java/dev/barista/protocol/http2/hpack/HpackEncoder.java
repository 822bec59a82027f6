package dev.barista.protocol.http2.hpack;

/**
 * Encodes the header blocks of one direction of one connection (RFC 7541), keeping the dynamic table that the
 * peer's decoder mirrors. Confined to the connection's thread. A block is the fields written one after the other
 * into an output; {@link #setMaxTableSize} is called between blocks, and the size update it owes the peer is
 * written before the next field, which therefore must open a block.
 *
 * <p>Each field becomes the shortest thing at hand: a static-table match, else a dynamic-table match, else a
 * literal that names a table entry if it can and enters the dynamic table, so a response's repeated
 * {@code content-type}, {@code server} or {@code date} costs one octet after the first response. Credentials
 * are never indexed (section 7.1.3): the table must not let a peer or an intermediary guess them by probing.
 * Long values are not indexed either, so one large field cannot evict everything useful. Strings are Huffman
 * coded when that is shorter.
 */
public final class HpackEncoder {

    /** How literal strings are written: the shorter form (the default), or always one form (the RFC's examples). */
    enum LiteralCoding { SHORTER, HUFFMAN, RAW }

    /** Status texts for the statuses without a static entry, made once each. */
    private static final String[] STATUS_TEXT = new String[1000];

    private final DynamicTable table;
    /** The most table this encoder uses whatever the peer allows: it bounds the memory a peer can make us keep. */
    private final int largestTableSize;
    private final LiteralCoding coding;
    private final boolean indexesCredentials;

    // A size change owed to the peer at the start of the next block: the smallest size since the last block
    // is sent before the final one when it is smaller, so the peer evicts what we evicted (section 4.2).
    private boolean sizeUpdatePending;
    private int smallestPendingSize;

    /**
     * @param maxTableSize the dynamic table size both ends start with (4096 in HTTP/2), which is also the most
     *     this encoder will use however much the peer allows later
     */
    public HpackEncoder(int maxTableSize) {
        this(maxTableSize, LiteralCoding.SHORTER, false);
    }

    /** For tests that must reproduce exact bytes, such as RFC 7541 Appendix C's. */
    HpackEncoder(int maxTableSize, LiteralCoding coding, boolean indexesCredentials) {
        if (maxTableSize < 0) throw new IllegalArgumentException("negative table size");
        this.table = new DynamicTable(maxTableSize);
        this.largestTableSize = maxTableSize;
        this.coding = coding;
        this.indexesCredentials = indexesCredentials;
    }

    /**
     * Takes the peer's SETTINGS_HEADER_TABLE_SIZE, between blocks. The table shrinks at once if it must; the
     * size update that tells the peer opens the next block.
     */
    public void setMaxTableSize(int peerMaxTableSize) {
        if (peerMaxTableSize < 0) throw new IllegalArgumentException("negative table size");
        int size = Math.min(peerMaxTableSize, largestTableSize);
        if (!sizeUpdatePending && size == table.capacity()) return;
        smallestPendingSize = sizeUpdatePending ? Math.min(smallestPendingSize, size) : size;
        sizeUpdatePending = true;
        table.setCapacity(size);
    }

    /** Writes {@code :status}: one octet for the seven statuses of the static table. */
    public void encodeStatus(int status, HpackOutput out) {
        int index = switch (status) {
            case 200 -> 8;
            case 204 -> 9;
            case 206 -> 10;
            case 304 -> 11;
            case 400 -> 12;
            case 404 -> 13;
            case 500 -> 14;
            default -> 0;
        };
        if (index == 0) {
            encode(":status", statusText(status), out);
            return;
        }
        writePendingSizeUpdate(out);
        out.write(0x80 | index);
    }

    /**
     * Writes one field. The name must be lower case already; the value's chars are taken as octets
     * (ISO-8859-1, as Barista holds header values).
     */
    public void encode(String name, String value, HpackOutput out) {
        writePendingSizeUpdate(out);
        int index = StaticTable.indexOf(name, value);
        if (index > 0) {
            out.writeInteger(0x80, 7, index);
            return;
        }
        boolean neverIndexed = !indexesCredentials && isCredential(name);
        if (!neverIndexed) {
            int d = table.indexOf(name, value);
            if (d > 0) {
                out.writeInteger(0x80, 7, StaticTable.LENGTH + d);
                return;
            }
        }
        int nameIndex = StaticTable.indexOfName(name);
        if (nameIndex == 0) {
            int d = table.indexOfName(name);
            if (d > 0) nameIndex = StaticTable.LENGTH + d;
        }
        if (neverIndexed) {
            writeLiteral(0x10, 4, nameIndex, name, value, out);
        } else if (worthIndexing(name, value)) {
            writeLiteral(0x40, 6, nameIndex, name, value, out);
            table.add(name, value);
        } else {
            writeLiteral(0x00, 4, nameIndex, name, value, out);
        }
    }

    /** The dynamic table, for tests. */
    DynamicTable table() {
        return table;
    }

    private void writePendingSizeUpdate(HpackOutput out) {
        if (!sizeUpdatePending) return;
        if (smallestPendingSize < table.capacity()) out.writeInteger(0x20, 5, smallestPendingSize);
        out.writeInteger(0x20, 5, table.capacity());
        sizeUpdatePending = false;
    }

    private boolean worthIndexing(String name, String value) {
        int capacity = table.capacity();
        return value.length() <= capacity / 4 && DynamicTable.entrySize(name.length(), value.length()) <= capacity;
    }

    private void writeLiteral(int flags, int prefixBits, int nameIndex, String name, String value, HpackOutput out) {
        out.writeInteger(flags, prefixBits, nameIndex);
        if (nameIndex == 0) writeString(name, out);
        writeString(value, out);
    }

    private void writeString(String s, HpackOutput out) {
        int huffmanLength = coding == LiteralCoding.RAW ? Integer.MAX_VALUE : Huffman.encodedLength(s);
        if (coding == LiteralCoding.HUFFMAN || huffmanLength < s.length()) {
            out.writeInteger(0x80, 7, huffmanLength);
            Huffman.encode(s, out);
        } else {
            out.writeInteger(0x00, 7, s.length());
            out.writeLatin1(s);
        }
    }

    private static boolean isCredential(String name) {
        return switch (name) {
            case "authorization", "proxy-authorization", "cookie", "set-cookie" -> true;
            default -> false;
        };
    }

    private static String statusText(int status) {
        if (status < 100 || status > 999) throw new IllegalArgumentException("status is not three digits");
        String text = STATUS_TEXT[status];
        if (text == null) { // a benign race: every thread makes the same immutable String
            text = Integer.toString(status);
            STATUS_TEXT[status] = text;
        }
        return text;
    }
}
