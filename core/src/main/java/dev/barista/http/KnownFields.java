package dev.barista.http;

/**
 * Where the fields the message rules read are (Host, Content-Length, Transfer-Encoding, Connection,
 * Expect), noted in the one pass that parses a head's field lines, so that each rule does not scan every
 * field again. One per parser, reset for every head: no allocation per message.
 */
final class KnownFields {
    static final int HOST = 0;
    static final int CONTENT_LENGTH = 1;
    static final int TRANSFER_ENCODING = 2;
    static final int CONNECTION = 3;
    static final int EXPECT = 4;
    /** In lower case, as bytes: the parser compares each field's name with one of them. */
    private static final byte[][] NAMES = java.util.stream.Stream.of("host", "content-length", "transfer-encoding",
            "connection", "expect").map(name -> name.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);

    private final int[] first = new int[NAMES.length];
    private final int[] count = new int[NAMES.length];
    /** Bit k set: field k was seen in this head. Without it, first[k] and count[k] are a former head's. */
    private int seen;

    void reset() {
        seen = 0;
    }

    /** Notes field {@code index}, whose name is {@code a[from, to)}, if it is one of the known names. */
    void see(byte[] a, int from, int to, int index) {
        int known = switch (to - from) {
            case 4 -> HOST;
            case 6 -> EXPECT;
            case 10 -> CONNECTION;
            case 14 -> CONTENT_LENGTH;
            case 17 -> TRANSFER_ENCODING;
            default -> -1;
        };
        if (known < 0 || !HttpChars.equalsFolded(a, from, to, NAMES[known])) return;
        int bit = 1 << known;
        if ((seen & bit) == 0) {
            seen |= bit;
            first[known] = index;
            count[known] = 1;
        } else {
            count[known]++;
        }
    }

    /** How many lines carry the known field. */
    int count(int known) {
        return (seen & (1 << known)) == 0 ? 0 : count[known];
    }

    /** The index of its first line, or -1. */
    int first(int known) {
        return (seen & (1 << known)) == 0 ? -1 : first[known];
    }
}
