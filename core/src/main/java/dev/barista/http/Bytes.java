package dev.barista.http;

/** Small searches and classifications over byte arrays that the codec's parts share. */
final class Bytes {

    private Bytes() {
    }

    static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) return i;
        }
        return -1;
    }

    static int skipWhitespace(byte[] a, int i, int end) {
        while (i < end && HttpChars.isWhitespace(a[i])) i++;
        return i;
    }

    static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }
}
