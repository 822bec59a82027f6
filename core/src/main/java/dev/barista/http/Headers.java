package dev.barista.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The header (or trailer) fields of a request: an immutable view over the bytes they arrived in.
 *
 * <p>Names and values stay offsets into one byte array until somebody asks for a String, so a request
 * whose handler reads two headers allocates two Strings, not one per field. Lookups are case-insensitive;
 * values are already trimmed of surrounding whitespace and validated by the parser.
 */
public final class Headers {
    public static final Headers EMPTY = new Headers(new byte[0], new int[0], 0);

    private final byte[] bytes;
    /** Four ints per field: name start, name end, value start, value end. */
    private final int[] offsets;
    private final int count;

    Headers(byte[] bytes, int[] offsets, int count) {
        this.bytes = bytes;
        this.offsets = offsets;
        this.count = count;
    }

    /**
     * Fields laid out as a decoder leaves them: {@code offsets} holds four ints per field (name start, name
     * end, value start, value end) into {@code bytes}. Neither array may change afterwards. The caller has
     * validated names and values (HTTP/2's session does, by RFC 9113 section 8.2).
     */
    public static Headers of(byte[] bytes, int[] offsets, int count) {
        if (count < 0 || offsets.length < 4 * count) throw new IllegalArgumentException("offsets too short");
        for (int i = 0; i < 4 * count; i++) {
            if (offsets[i] < 0 || offsets[i] > bytes.length) throw new IllegalArgumentException("offset out of range");
        }
        return count == 0 ? EMPTY : new Headers(bytes, offsets, count);
    }

    public int size() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public String name(int index) {
        checkIndex(index);
        return ascii(offsets[4 * index], offsets[4 * index + 1]);
    }

    public String value(int index) {
        checkIndex(index);
        return latin1(offsets[4 * index + 2], offsets[4 * index + 3]);
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : value(i);
    }

    /** Every value of the named field, in arrival order. */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) values.add(value(i));
        return values;
    }

    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /** How many field lines carry this name. */
    public int count(String name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) n++;
        return n;
    }

    /**
     * Whether any line of the named comma-separated list field holds the token, case-insensitively
     * (for example {@code hasToken("connection", "close")}); empty members are no token.
     */
    public boolean hasToken(String name, String token) {
        for (ListMembers member = ListMembers.of(this, name); member.next(); ) {
            if (member.isIgnoringCase(token)) return true;
        }
        return false;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < count; i++) action.accept(name(i), value(i));
    }

    /** Index of the first field at or after {@code from} with this name, or -1. */
    int indexOf(String name, int from) {
        for (int i = from; i < count; i++) {
            if (HttpChars.equalsIgnoreCase(bytes, offsets[4 * i], offsets[4 * i + 1], name)) return i;
        }
        return -1;
    }

    /** Same as {@link #indexOf} for a name already in lower case (the parser's fast path). */
    int indexOfLowerCase(String lowerName, int from) {
        for (int i = from; i < count; i++) {
            if (HttpChars.equalsLowerCase(bytes, offsets[4 * i], offsets[4 * i + 1], lowerName)) return i;
        }
        return -1;
    }

    byte[] bytes() {
        return bytes;
    }

    int valueStart(int index) {
        return offsets[4 * index + 2];
    }

    int valueEnd(int index) {
        return offsets[4 * index + 3];
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) throw new IndexOutOfBoundsException(index);
    }

    private String ascii(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }

    private String latin1(int from, int to) {
        // Field values are octets; ISO-8859-1 maps each to one char and loses nothing (RFC 9110 5.5).
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < count; i++) {
            if (i > 0) sb.append(", ");
            sb.append(name(i)).append(": ").append(value(i));
        }
        return sb.append(']').toString();
    }
}
