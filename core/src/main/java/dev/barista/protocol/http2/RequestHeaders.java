package dev.barista.protocol.http2;

import dev.barista.http.Headers;
import dev.barista.http.HttpVersion;
import dev.barista.http.RequestHead;
import dev.barista.protocol.http2.hpack.FieldBlock;


/**
 * Turns a stream's decoded header list into a {@link RequestHead}, enforcing what RFC 9113 section 8 says a
 * request must be: pseudo-header fields first, each once, the right ones; names in lower case without
 * separators; values without CR, LF, NUL or surrounding whitespace; no connection-specific fields;
 * {@code te} only {@code trailers}; one content length. Anything else is malformed: a stream error
 * (PROTOCOL_ERROR), never a guess. Regular fields are copied into one array the request keeps ({@code FieldBlock}
 * is reused for the next block); {@code cookie} fields split by the client are joined back (section 8.2.3).
 */
final class RequestHeaders {
    private static final int NO_LENGTH = -1;

    private RequestHeaders() {
    }

    static RequestHead toHead(FieldBlock fields, int streamId, boolean endStream, int maxFields) throws Http2Exception {
        String method = null;
        String scheme = null;
        String authority = null;
        String path = null;
        boolean regularSeen = false;
        int count = fields.count();
        if (count > maxFields + 4) throw malformed(streamId, "too many header fields");
        byte[] src = fields.bytes();
        int[] at = fields.offsets();
        byte[] copy = new byte[regularBytes(fields)];
        int[] offsets = new int[4 * count];
        int kept = 0;
        int pos = 0;
        int cookieField = -1;
        long contentLength = NO_LENGTH;
        String host = null;
        for (int i = 0; i < count; i++) {
            int nameStart = at[4 * i];
            int nameEnd = at[4 * i + 1];
            int valueStart = at[4 * i + 2];
            int valueEnd = at[4 * i + 3];
            checkValue(src, valueStart, valueEnd, streamId);
            if (nameEnd > nameStart && src[nameStart] == ':') {
                if (regularSeen) throw malformed(streamId, "pseudo-header field after a regular one");
                String value = fields.value(i);
                if (fields.nameIs(i, ":method")) method = once(method, value, streamId);
                else if (fields.nameIs(i, ":scheme")) scheme = once(scheme, value, streamId);
                else if (fields.nameIs(i, ":authority")) authority = once(authority, value, streamId);
                else if (fields.nameIs(i, ":path")) path = once(path, value, streamId);
                else throw malformed(streamId, "unknown pseudo-header field");
                continue;
            }
            regularSeen = true;
            checkName(src, nameStart, nameEnd, streamId);
            if (isConnectionSpecific(fields, i)) throw malformed(streamId, "connection-specific header field");
            if (fields.nameIs(i, "te") && !"trailers".equals(fields.value(i))) {
                throw malformed(streamId, "te other than trailers");
            }
            if (fields.nameIs(i, "content-length")) {
                long length = parseLength(src, valueStart, valueEnd, streamId);
                if (contentLength != NO_LENGTH && contentLength != length) {
                    throw malformed(streamId, "conflicting content-length");
                }
                contentLength = length;
            }
            if (fields.nameIs(i, "host")) host = fields.value(i);
            if (fields.nameIs(i, "cookie") && cookieField >= 0) {
                // A split cookie: its crumbs join the first cookie field, "; " between (RFC 9113 8.2.3).
                pos = appendCrumb(copy, offsets, cookieField, kept, pos, src, valueStart, valueEnd);
                continue;
            }
            if (fields.nameIs(i, "cookie")) cookieField = kept;
            offsets[4 * kept] = pos;
            pos = put(copy, pos, src, nameStart, nameEnd);
            offsets[4 * kept + 1] = pos;
            offsets[4 * kept + 2] = pos;
            pos = put(copy, pos, src, valueStart, valueEnd);
            offsets[4 * kept + 3] = pos;
            kept++;
        }
        if (kept > maxFields) throw malformed(streamId, "too many header fields");
        if (method == null) throw malformed(streamId, "missing :method");
        if ("CONNECT".equals(method)) throw malformed(streamId, "CONNECT is not served");
        if (scheme == null || path == null) throw malformed(streamId, "missing :scheme or :path");
        checkPath(path, method, streamId);
        if (authority != null) checkAuthority(authority, streamId);
        if (authority != null && host != null && !authority.equalsIgnoreCase(host)) {
            throw malformed(streamId, "host differs from :authority");
        }
        if (endStream && contentLength > 0) throw malformed(streamId, "content-length without a body");
        Headers headers = Headers.of(copy, offsets, kept);
        int query = path.indexOf('?');
        RequestHead.BodyFraming framing = endStream ? RequestHead.BodyFraming.NONE
                : contentLength >= 0 ? RequestHead.BodyFraming.FIXED : RequestHead.BodyFraming.CHUNKED;
        long length = endStream ? 0 : contentLength;
        return new RequestHead(knownMethod(method, streamId), path, query < 0 ? path : path.substring(0, query),
                query < 0 ? null : path.substring(query + 1), HttpVersion.HTTP_2, headers, authority, framing, length,
                true, false);
    }

    /** A trailer section: regular fields only, with the same rules as the head's. */
    static Headers trailers(FieldBlock fields, int streamId) throws Http2Exception {
        int count = fields.count();
        byte[] src = fields.bytes();
        int[] at = fields.offsets();
        byte[] copy = new byte[regularBytes(fields)];
        int[] offsets = new int[4 * count];
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int nameStart = at[4 * i];
            int nameEnd = at[4 * i + 1];
            if (nameEnd > nameStart && src[nameStart] == ':') throw malformed(streamId, "pseudo-header field in trailers");
            checkName(src, nameStart, nameEnd, streamId);
            checkValue(src, at[4 * i + 2], at[4 * i + 3], streamId);
            if (isConnectionSpecific(fields, i)) throw malformed(streamId, "connection-specific header field");
            offsets[4 * i] = pos;
            pos = put(copy, pos, src, nameStart, nameEnd);
            offsets[4 * i + 1] = pos;
            offsets[4 * i + 2] = pos;
            pos = put(copy, pos, src, at[4 * i + 2], at[4 * i + 3]);
            offsets[4 * i + 3] = pos;
        }
        return Headers.of(copy, offsets, count);
    }

    private static int regularBytes(FieldBlock fields) {
        int[] at = fields.offsets();
        int total = 0;
        for (int i = 0; i < fields.count(); i++) {
            total += at[4 * i + 1] - at[4 * i] + at[4 * i + 3] - at[4 * i + 2] + 2; // + room for "; " joins
        }
        return total;
    }

    private static int put(byte[] dst, int pos, byte[] src, int from, int to) {
        System.arraycopy(src, from, dst, pos, to - from);
        return pos + to - from;
    }

    /**
     * Appends "; crumb" to the cookie field at {@code field}. Fields after it move right; the array was sized
     * with two spare bytes per field, so this fits.
     */
    private static int appendCrumb(byte[] copy, int[] offsets, int field, int kept, int pos, byte[] src,
                                   int from, int to) {
        int insertAt = offsets[4 * field + 3];
        int grow = 2 + to - from;
        System.arraycopy(copy, insertAt, copy, insertAt + grow, pos - insertAt);
        copy[insertAt] = ';';
        copy[insertAt + 1] = ' ';
        System.arraycopy(src, from, copy, insertAt + 2, to - from);
        offsets[4 * field + 3] += grow;
        for (int j = field + 1; j < kept; j++) {
            for (int k = 0; k < 4; k++) offsets[4 * j + k] += grow;
        }
        return pos + grow;
    }

    private static String once(String previous, String value, int streamId) throws Http2Exception {
        if (previous != null) throw malformed(streamId, "repeated pseudo-header field");
        return value;
    }

    /** RFC 9113 8.2.1: no upper case, no controls, no separators that end a name; not empty. */
    private static void checkName(byte[] a, int from, int to, int streamId) throws Http2Exception {
        if (from == to) throw malformed(streamId, "empty field name");
        for (int i = from; i < to; i++) {
            int c = a[i] & 0xff;
            if (c <= 0x20 || (c >= 'A' && c <= 'Z') || c >= 0x7f || c == ':') {
                throw malformed(streamId, "invalid character in a field name");
            }
        }
    }

    /** RFC 9113 8.2.1: no NUL, CR or LF; no leading or trailing space or tab. */
    private static void checkValue(byte[] a, int from, int to, int streamId) throws Http2Exception {
        if (from < to && (isBlank(a[from]) || isBlank(a[to - 1]))) {
            throw malformed(streamId, "field value with surrounding whitespace");
        }
        for (int i = from; i < to; i++) {
            byte c = a[i];
            if (c == 0 || c == '\r' || c == '\n') throw malformed(streamId, "invalid character in a field value");
        }
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isConnectionSpecific(FieldBlock fields, int i) {
        return fields.nameIs(i, "connection") || fields.nameIs(i, "keep-alive") || fields.nameIs(i, "proxy-connection")
                || fields.nameIs(i, "transfer-encoding") || fields.nameIs(i, "upgrade");
    }

    private static long parseLength(byte[] a, int from, int to, int streamId) throws Http2Exception {
        if (from == to || to - from > 18) throw malformed(streamId, "invalid content-length");
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) throw malformed(streamId, "invalid content-length");
            n = n * 10 + d;
        }
        return n;
    }

    /** An origin-form path (or {@code *} for OPTIONS) of visible ASCII. */
    private static void checkPath(String path, String method, int streamId) throws Http2Exception {
        if (path.isEmpty()) throw malformed(streamId, "empty :path");
        if (path.equals("*")) {
            if (!method.equals("OPTIONS")) throw malformed(streamId, "asterisk :path for a method other than OPTIONS");
            return;
        }
        if (path.charAt(0) != '/') throw malformed(streamId, ":path not in origin form");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') throw malformed(streamId, "invalid character in :path");
        }
    }

    private static void checkAuthority(String authority, int streamId) throws Http2Exception {
        for (int i = 0; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '?' || c == '#' || c == '@') {
                throw malformed(streamId, "invalid :authority");
            }
        }
    }

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"};

    /** The interned constant for a common method (dispatch compares references first); else checked as a token. */
    private static String knownMethod(String method, int streamId) throws Http2Exception {
        for (String m : METHODS) {
            if (m.equals(method)) return m;
        }
        if (method.isEmpty()) throw malformed(streamId, "empty :method");
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                throw malformed(streamId, "invalid :method");
            }
        }
        return method;
    }

    private static Http2Exception malformed(int streamId, String why) {
        return Http2Exception.stream(streamId, Http2.PROTOCOL_ERROR, why);
    }
}
