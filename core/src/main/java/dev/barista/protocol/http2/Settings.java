package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.Http2.DEFAULT_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.DEFAULT_WINDOW;
import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.HEADER_TABLE_SIZE;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_CONCURRENT_STREAMS;
import static dev.barista.protocol.http2.Http2.MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_HEADER_LIST_SIZE;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;

/**
 * Some SETTINGS parameters, each either present with a value or absent: what one SETTINGS frame carries, or, with
 * {@link #applyTo} merging frames into it, what one side has said so far.
 *
 * <p>Known are the six parameters of RFC 9113 section 6.5.2 and SETTINGS_NO_RFC7540_PRIORITIES (RFC 9218); any
 * other identifier is not held ({@link #has} answers false), because unknown settings are to be ignored. Values are
 * unsigned 32-bit numbers, handed out as longs. This class checks only that; which values a setting allows is
 * checked where they arrive, by {@link FrameReader}.
 *
 * <p>Mutable and not thread-safe: {@code FrameReader} reuses one instance for every SETTINGS frame it reads.
 */
public final class Settings {

    /** What {@link #get} answers for MAX_CONCURRENT_STREAMS and MAX_HEADER_LIST_SIZE while they are absent. */
    public static final long UNLIMITED = 0xffff_ffffL;

    /** One bit per known identifier, at the identifier's index. */
    private static final int KNOWN = 1 << HEADER_TABLE_SIZE | 1 << ENABLE_PUSH | 1 << MAX_CONCURRENT_STREAMS
            | 1 << INITIAL_WINDOW_SIZE | 1 << MAX_FRAME_SIZE | 1 << MAX_HEADER_LIST_SIZE | 1 << NO_RFC7540_PRIORITIES;
    /** Known identifiers in increasing order: the order they are written in. */
    private static final int[] IDS = {HEADER_TABLE_SIZE, ENABLE_PUSH, MAX_CONCURRENT_STREAMS, INITIAL_WINDOW_SIZE,
            MAX_FRAME_SIZE, MAX_HEADER_LIST_SIZE, NO_RFC7540_PRIORITIES};

    /** Indexed by identifier; an int holds the unsigned 32 bits. Meaningful only where {@link #present} has a bit. */
    private final int[] values = new int[NO_RFC7540_PRIORITIES + 1];
    private int present;

    /** Whether {@code id} is a setting this class holds (other identifiers are ignored on receipt). */
    public static boolean isKnown(int id) {
        return id >= 0 && id < Integer.SIZE && (KNOWN & 1 << id) != 0;
    }

    /** Whether the setting is present; false for unknown identifiers. */
    public boolean has(int id) {
        return isKnown(id) && (present & 1 << id) != 0;
    }

    /**
     * The setting's value, or its initial value (section 6.5.2) while absent: 4096 for HEADER_TABLE_SIZE, 1 for
     * ENABLE_PUSH, 65535 for INITIAL_WINDOW_SIZE, 16384 for MAX_FRAME_SIZE, 0 for NO_RFC7540_PRIORITIES and
     * {@link #UNLIMITED} for the two the RFC leaves unlimited. So an instance that started empty and had each
     * received frame applied to it answers what the peer's settings are.
     */
    public long get(int id) {
        requireKnown(id);
        if ((present & 1 << id) != 0) return Integer.toUnsignedLong(values[id]);
        return switch (id) {
            case HEADER_TABLE_SIZE -> 4096;
            case ENABLE_PUSH -> 1;
            case INITIAL_WINDOW_SIZE -> DEFAULT_WINDOW;
            case MAX_FRAME_SIZE -> DEFAULT_MAX_FRAME_SIZE;
            case NO_RFC7540_PRIORITIES -> 0;
            default -> UNLIMITED;
        };
    }

    /** Makes the setting present with {@code value}, an unsigned 32-bit number. */
    public Settings set(int id, long value) {
        requireKnown(id);
        if (value < 0 || value > 0xffff_ffffL) throw new IllegalArgumentException("not an unsigned 32-bit: " + value);
        values[id] = (int) value;
        present |= 1 << id;
        return this;
    }

    /** Makes every setting absent. */
    public void clear() {
        present = 0;
    }

    public boolean isEmpty() {
        return present == 0;
    }

    /** How many settings are present: what a SETTINGS frame holding them carries, 6 bytes each. */
    public int count() {
        return Integer.bitCount(present);
    }

    /** Sets in {@code current} every setting present here (a received frame updating what the peer has said). */
    public void applyTo(Settings current) {
        for (int id : IDS) {
            if ((present & 1 << id) != 0) current.values[id] = values[id];
        }
        current.present |= present;
    }

    /** An independent instance with the same settings. */
    public Settings copy() {
        Settings copy = new Settings();
        applyTo(copy);
        return copy;
    }

    private static void requireKnown(int id) {
        if (!isKnown(id)) throw new IllegalArgumentException("unknown setting: " + id);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Settings other) || other.present != present) return false;
        for (int id : IDS) {
            if ((present & 1 << id) != 0 && values[id] != other.values[id]) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = present;
        for (int id : IDS) {
            if ((present & 1 << id) != 0) h = 31 * h + values[id];
        }
        return h;
    }

    /** The present settings, for example {@code {MAX_FRAME_SIZE=16384, INITIAL_WINDOW_SIZE=...}} in id order. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("{");
        for (int id : IDS) {
            if ((present & 1 << id) == 0) continue;
            if (s.length() > 1) s.append(", ");
            s.append(name(id)).append('=').append(Integer.toUnsignedLong(values[id]));
        }
        return s.append('}').toString();
    }

    private static String name(int id) {
        return switch (id) {
            case HEADER_TABLE_SIZE -> "HEADER_TABLE_SIZE";
            case ENABLE_PUSH -> "ENABLE_PUSH";
            case MAX_CONCURRENT_STREAMS -> "MAX_CONCURRENT_STREAMS";
            case INITIAL_WINDOW_SIZE -> "INITIAL_WINDOW_SIZE";
            case MAX_FRAME_SIZE -> "MAX_FRAME_SIZE";
            case MAX_HEADER_LIST_SIZE -> "MAX_HEADER_LIST_SIZE";
            default -> "NO_RFC7540_PRIORITIES";
        };
    }
}
