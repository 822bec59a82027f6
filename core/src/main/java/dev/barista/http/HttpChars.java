package dev.barista.http;

/** The character classes of RFC 9110 section 5.6, as lookup tables over bytes. */
final class HttpChars {
    private static final boolean[] TCHAR = new boolean[256];
    private static final boolean[] FIELD_VCHAR = new boolean[256];
    private static final boolean[] TARGET = new boolean[256];
    private static final boolean[] PATH = new boolean[256];
    private static final boolean[] HOST = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
        // field-vchar = VCHAR / obs-text; SP and HTAB are allowed between them.
        for (int c = 0x21; c <= 0xFF; c++) FIELD_VCHAR[c] = c != 0x7F;
        FIELD_VCHAR[' '] = true;
        FIELD_VCHAR['\t'] = true;
        // request-target: visible ASCII only (no space, no controls, no obs-text; RFC 3986 plus '%').
        for (int c = 0x21; c <= 0x7E; c++) TARGET[c] = true;
        for (char c : "\"<>\\^`{|}".toCharArray()) TARGET[c] = false;
        System.arraycopy(TARGET, 0, PATH, 0, 256);
        PATH['?'] = false; // a path ends where the query or a fragment begins
        PATH['#'] = false;
        // Host = uri-host [ ":" port ]: reg-name, IPv4 or IP-literal characters.
        for (int c = '0'; c <= '9'; c++) HOST[c] = true;
        for (int c = 'a'; c <= 'z'; c++) HOST[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) HOST[c] = true;
        for (char c : "-._~!$&'()*+,;=:[]%".toCharArray()) HOST[c] = true;
    }

    private HttpChars() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isFieldChar(byte b) {
        return FIELD_VCHAR[b & 0xFF];
    }

    static boolean isTargetChar(byte b) {
        return TARGET[b & 0xFF];
    }

    /** A request-target character that does not end a path: every one but '?' and '#'. */
    static boolean isPathChar(byte b) {
        return PATH[b & 0xFF];
    }

    static boolean isHostChar(byte b) {
        return HOST[b & 0xFF];
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    static int lower(byte b) {
        // Unsigned: obs-text bytes (0x80-0xFF) must compare equal to the ISO-8859-1 char they decode to, not to a
        // negative number no char can equal (hasToken("x", "caf\u00e9") missed a value that get("x") returned).
        int c = b & 0xFF;
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    /** Case-insensitive comparison of {@code a[from, to)} with a lower-case ASCII name. */
    static boolean equalsLowerCase(byte[] a, int from, int to, String lowerName) {
        int n = lowerName.length();
        if (to - from != n) return false;
        for (int i = 0; i < n; i++) {
            if (lower(a[from + i]) != lowerName.charAt(i)) return false;
        }
        return true;
    }

    /** As {@link #equalsLowerCase(byte[], int, int, String)} for a name held as bytes (no String per compare). */
    static boolean equalsLowerCase(byte[] a, int from, int to, byte[] lowerName) {
        int n = lowerName.length;
        if (to - from != n) return false;
        for (int i = 0; i < n; i++) {
            if (lower(a[from + i]) != lowerName[i]) return false;
        }
        return true;
    }

    /**
     * As {@link #equalsLowerCase(byte[], int, int, byte[])} for a name of lower-case letters, digits and '-' only
     * (the fields and options the message rules look for), compared with bytes already checked to be a token or a
     * field value (no control characters). Every such name byte has bit 0x20 set, and the only other byte that
     * sets it to one of them is its upper-case letter (a '-' from CR is ruled out by the check): so one OR per
     * byte is the whole case-insensitive compare, without a branch.
     */
    static boolean equalsFolded(byte[] a, int from, int to, byte[] lowerName) {
        int n = lowerName.length;
        if (to - from != n) return false;
        int differ = 0;
        for (int i = 0; i < n; i++) differ |= (a[from + i] | 0x20) ^ lowerName[i];
        return differ == 0;
    }

    /** Case-insensitive comparison of {@code a[from, to)} with any ASCII string. */
    static boolean equalsIgnoreCase(byte[] a, int from, int to, String s) {
        int n = s.length();
        if (to - from != n) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') c += 32;
            if (lower(a[from + i]) != c) return false;
        }
        return true;
    }
}
