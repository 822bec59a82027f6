package dev.barista.http;

/**
 * Whether a connection persists after a message (RFC 9112 section 9.3): in HTTP/1.1 unless a Connection field
 * lists {@code close}; in HTTP/1.0 only if one lists {@code keep-alive} and none {@code close}. The same rule for
 * requests and responses. Every request carries it, and most carry {@code Connection: keep-alive}, so the field's
 * lines are found through {@link KnownFields} and their tokens read once, as bytes.
 */
final class Persistence {
    private static final byte[] CLOSE = {'c', 'l', 'o', 's', 'e'};
    private static final byte[] KEEP_ALIVE = {'k', 'e', 'e', 'p', '-', 'a', 'l', 'i', 'v', 'e'};

    private Persistence() {
    }

    static boolean keepAlive(Headers headers, KnownFields known, HttpVersion version) {
        int lines = known.count(KnownFields.CONNECTION);
        if (lines == 0) return version == HttpVersion.HTTP_1_1;
        byte[] b = headers.bytes();
        int line = known.first(KnownFields.CONNECTION);
        if (lines == 1 && HttpChars.equalsFolded(b, headers.valueStart(line), headers.valueEnd(line), KEEP_ALIVE)) {
            return true; // what almost every client sends: one line, one option
        }
        boolean keepAlive = false;
        for (ListMembers option = new ListMembers(headers, "connection", line); option.next(); ) {
            if (option.is(CLOSE)) return false;
            keepAlive |= option.is(KEEP_ALIVE);
        }
        return version == HttpVersion.HTTP_1_1 || keepAlive;
    }
}
