package dev.barista.http;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Request targets the parser reuses as Strings instead of allocating one per request: a server's literal
 * route paths. A request for {@code /plaintext} then carries the route table's own {@code "/plaintext"}
 * (its hash already computed), and routing it allocates nothing. A small open-addressing table, looked up
 * by the target's bytes; immutable, so every connection's parser may share it.
 */
public final class KnownTargets {
    public static final KnownTargets NONE = new KnownTargets(Set.of());

    private final String[] strings;
    private final byte[][] bytes;
    private final int mask;

    private KnownTargets(Set<String> targets) {
        int size = Integer.highestOneBit(Math.max(4, targets.size() * 4 - 1)) << 1;
        strings = new String[size];
        bytes = new byte[size][];
        mask = size - 1;
        for (String t : targets) {
            byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
            int i = hash(b, 0, b.length) & mask;
            while (strings[i] != null) i = (i + 1) & mask;
            strings[i] = t;
            bytes[i] = b;
        }
    }

    /** The targets that are plain ASCII paths; others are ignored (the parser allocates for them, as for any). */
    public static KnownTargets of(Collection<String> targets) {
        Set<String> ascii = new LinkedHashSet<>();
        for (String t : targets) {
            if (!t.isEmpty() && t.chars().allMatch(c -> c > 0x20 && c < 0x7F)) ascii.add(t);
        }
        return ascii.isEmpty() ? NONE : new KnownTargets(ascii);
    }

    /** The known String equal to {@code a[from, to)} read as Latin-1, or null. */
    String find(byte[] a, int from, int to) {
        if (strings.length == 0) return null;
        int i = hash(a, from, to) & mask;
        while (true) {
            byte[] candidate = bytes[i];
            if (candidate == null) return null;
            if (java.util.Arrays.equals(candidate, 0, candidate.length, a, from, to)) return strings[i];
            i = (i + 1) & mask;
        }
    }

    private static int hash(byte[] a, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) h = 31 * h + (a[i] & 0xFF);
        return h ^ (h >>> 16);
    }
}
