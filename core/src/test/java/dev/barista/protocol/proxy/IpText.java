package dev.barista.protocol.proxy;

import java.util.StringJoiner;

/** Writes IP addresses as text in the spellings a sender may use, for the tests. */
final class IpText {
    /** How many IPv6 spellings {@link #ipv6} knows. */
    static final int STYLES = 6;

    private IpText() {
    }

    static String ipv4(byte[] a) {
        return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
    }

    /**
     * Style 0: eight groups without leading zeros; 1: four digits per group; 2: upper case; 3: the longest run of
     * two or more zero groups as "::" (RFC 5952); 4: the first zero group, even a lone one, and the run it starts,
     * as "::" (RFC 4291 allows it); 5: the last 32 bits as a dotted quad, after the first six groups in style 3.
     */
    static String ipv6(byte[] a, int style) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = (a[2 * i] & 0xFF) << 8 | a[2 * i + 1] & 0xFF;
        return switch (style) {
            case 0 -> join(groups, 0, 8, "%x");
            case 1 -> join(groups, 0, 8, "%04x");
            case 2 -> join(groups, 0, 8, "%X");
            case 3 -> compressLongestRun(groups, 8);
            case 4 -> {
                int first = 0;
                while (first < 8 && groups[first] != 0) first++;
                if (first == 8) yield join(groups, 0, 8, "%x");
                int end = first;
                while (end < 8 && groups[end] == 0) end++;
                yield compress(groups, 8, first, end);
            }
            case 5 -> {
                String head = compressLongestRun(groups, 6);
                String ipv4 = ipv4(new byte[] {a[12], a[13], a[14], a[15]});
                yield head.endsWith("::") ? head + ipv4 : head + ":" + ipv4;
            }
            default -> throw new IllegalArgumentException("style " + style);
        };
    }

    private static String compressLongestRun(int[] groups, int count) {
        int bestStart = -1;
        int bestLength = 1; // a run must be at least two groups long to be compressed
        for (int i = 0; i < count; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int end = i;
            while (end < count && groups[end] == 0) end++;
            if (end - i > bestLength) {
                bestStart = i;
                bestLength = end - i;
            }
            i = end;
        }
        if (bestStart < 0) return join(groups, 0, count, "%x");
        return compress(groups, count, bestStart, bestStart + bestLength);
    }

    private static String compress(int[] groups, int count, int runStart, int runEnd) {
        return join(groups, 0, runStart, "%x") + "::" + join(groups, runEnd, count, "%x");
    }

    private static String join(int[] groups, int from, int to, String format) {
        StringJoiner j = new StringJoiner(":");
        for (int i = from; i < to; i++) j.add(String.format(format, groups[i]));
        return j.toString();
    }
}
