package dev.barista.protocol.http2.hpack;

/** A cursor over the header block being decoded, reading the integers of RFC 7541 section 5.1. */
final class HpackInput {
    /** An int needs at most five continuation octets (5 x 7 bits); more can only be padding or an attack. */
    private static final int MAX_CONTINUATION_OCTETS = 5;

    byte[] array;
    private int position;
    private int end;

    void reset(byte[] array, int position, int end) {
        this.array = array;
        this.position = position;
        this.end = end;
    }

    boolean hasRemaining() {
        return position < end;
    }

    int remaining() {
        return end - position;
    }

    /** Consumes {@code length} octets (no more than remain) and returns where they start. */
    int take(int length) {
        int start = position;
        position += length;
        return start;
    }

    /** The next octet, not consumed (there must be one). */
    int peek() {
        return array[position] & 0xFF;
    }

    /** Reads an integer whose first octet keeps its low {@code prefixBits} bits for the value. */
    int readInteger(int prefixBits) throws HpackException {
        if (position >= end) throw truncated();
        int max = (1 << prefixBits) - 1;
        int value = array[position++] & max;
        if (value < max) return value;
        long sum = value;
        for (int i = 0; i < MAX_CONTINUATION_OCTETS; i++) {
            if (position >= end) throw truncated();
            int b = array[position++] & 0xFF;
            sum += (long) (b & 0x7F) << (7 * i);
            if (sum > Integer.MAX_VALUE) throw new HpackException("integer larger than 2^31-1");
            if ((b & 0x80) == 0) return (int) sum;
        }
        throw new HpackException("integer with too many continuation octets");
    }

    static HpackException truncated() {
        return new HpackException("header block ends inside a representation");
    }
}
