package dev.barista.protocol.http2.hpack;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The 61 entries of RFC 7541 Appendix A, indexed from 1, with lookups for the encoder. */
final class StaticTable {
    static final int LENGTH = 61;

    private static final String[][] ENTRIES = {
            {":authority", ""},
            {":method", "GET"},
            {":method", "POST"},
            {":path", "/"},
            {":path", "/index.html"},
            {":scheme", "http"},
            {":scheme", "https"},
            {":status", "200"},
            {":status", "204"},
            {":status", "206"},
            {":status", "304"},
            {":status", "400"},
            {":status", "404"},
            {":status", "500"},
            {"accept-charset", ""},
            {"accept-encoding", "gzip, deflate"},
            {"accept-language", ""},
            {"accept-ranges", ""},
            {"accept", ""},
            {"access-control-allow-origin", ""},
            {"age", ""},
            {"allow", ""},
            {"authorization", ""},
            {"cache-control", ""},
            {"content-disposition", ""},
            {"content-encoding", ""},
            {"content-language", ""},
            {"content-length", ""},
            {"content-location", ""},
            {"content-range", ""},
            {"content-type", ""},
            {"cookie", ""},
            {"date", ""},
            {"etag", ""},
            {"expect", ""},
            {"expires", ""},
            {"from", ""},
            {"host", ""},
            {"if-match", ""},
            {"if-modified-since", ""},
            {"if-none-match", ""},
            {"if-range", ""},
            {"if-unmodified-since", ""},
            {"last-modified", ""},
            {"link", ""},
            {"location", ""},
            {"max-forwards", ""},
            {"proxy-authenticate", ""},
            {"proxy-authorization", ""},
            {"range", ""},
            {"referer", ""},
            {"refresh", ""},
            {"retry-after", ""},
            {"server", ""},
            {"set-cookie", ""},
            {"strict-transport-security", ""},
            {"transfer-encoding", ""},
            {"user-agent", ""},
            {"vary", ""},
            {"via", ""},
            {"www-authenticate", ""},
    };

    // Index 0 unused, so that the arrays read like the RFC's table.
    private static final byte[][] NAME_BYTES = new byte[LENGTH + 1][];
    private static final byte[][] VALUE_BYTES = new byte[LENGTH + 1][];
    /** Each name's first index: entries sharing a name are adjacent in the table. */
    private static final Map<String, Integer> FIRST_INDEX = HashMap.newHashMap(LENGTH);

    static {
        for (int i = 1; i <= LENGTH; i++) {
            NAME_BYTES[i] = ENTRIES[i - 1][0].getBytes(StandardCharsets.US_ASCII);
            VALUE_BYTES[i] = ENTRIES[i - 1][1].getBytes(StandardCharsets.US_ASCII);
            FIRST_INDEX.putIfAbsent(ENTRIES[i - 1][0], i);
        }
    }

    private StaticTable() {
    }

    static byte[] name(int index) {
        return NAME_BYTES[index];
    }

    static byte[] value(int index) {
        return VALUE_BYTES[index];
    }

    /** The index of the entry with this name and value, or 0. */
    static int indexOf(String name, String value) {
        Integer first = FIRST_INDEX.get(name);
        if (first == null) return 0;
        for (int i = first; i <= LENGTH && ENTRIES[i - 1][0].equals(name); i++) {
            if (ENTRIES[i - 1][1].equals(value)) return i;
        }
        return 0;
    }

    /** The first index of an entry with this name, or 0. */
    static int indexOfName(String name) {
        Integer first = FIRST_INDEX.get(name);
        return first == null ? 0 : first;
    }
}
