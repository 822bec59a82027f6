package dev.barista.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes response heads (and small bodies) into buffers. Pure: it decides framing from the response, the
 * request and whether the connection closes, and touches nothing but the destination buffer.
 */
public final class ResponseEncoder {
    private static final byte[] SERVER = ascii("Server: Barista\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] COLON_SP = ascii(": ");
    private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] HEX = ascii("0123456789abcdef");
    /** Where heads bound for a direct buffer are encoded first: one per thread (an event loop's, a worker's). */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[2048]);

    /** How a response's body is delimited on the wire. */
    public enum Framing {
        /** No body at all (HEAD, 1xx, 204, 304): nothing follows the head. */
        NONE,
        /** Content-Length. */
        LENGTH,
        /** Transfer-Encoding: chunked (HTTP/1.1 and unknown length). */
        CHUNKED,
        /** Unknown length to an HTTP/1.0 client: the body ends when the connection closes. */
        UNTIL_CLOSE
    }

    private ResponseEncoder() {
    }

    public static Framing framing(Response response, HttpVersion version, boolean headRequest) {
        if (!mayHaveContent(response)) return Framing.NONE;
        long length = response.body().length();
        if (length >= 0 && !chunkedForTrailers(response, version)) return headRequest ? Framing.NONE : Framing.LENGTH;
        if (headRequest) return Framing.NONE;
        return version == HttpVersion.HTTP_1_1 ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
    }

    /** Whether a body's bytes follow the head on the wire. */
    public static boolean sendsBody(Framing framing) {
        return framing != Framing.NONE;
    }

    /**
     * Writes the response head into {@code dst}. Returns false, with {@code dst} unchanged, if it does not
     * fit.
     *
     * @param close whether the connection closes after this response (adds {@code Connection: close})
     */
    public static boolean encodeHead(Response response, HttpVersion version, boolean headRequest, boolean close,
                                     ByteBuffer dst) {
        return encodeHead(response, version, headRequest, close, dst, System.nanoTime());
    }

    /** As above, for a caller that read the clock ({@link System#nanoTime()}) a moment ago: no clock read here. */
    public static boolean encodeHead(Response response, HttpVersion version, boolean headRequest, boolean close,
                                     ByteBuffer dst, long nowNanos) {
        if (dst.hasArray()) {
            int offset = dst.arrayOffset();
            int end = encodeHead(response, version, headRequest, close, dst.array(), offset + dst.position(),
                    offset + dst.limit(), nowNanos);
            if (end < 0) return false;
            dst.position(end - offset);
            return true;
        }
        // A direct buffer is written a byte at a time only slowly: encode into an array of this thread's, then copy
        // it in one go. (The server's own staging buffers are heap ones, encoded into directly above.)
        byte[] scratch = SCRATCH.get();
        int end = encodeHead(response, version, headRequest, close, scratch, 0, Math.min(scratch.length, dst.remaining()),
                nowNanos);
        if (end < 0) {
            if (dst.remaining() <= scratch.length) return false;
            scratch = new byte[dst.remaining()];
            end = encodeHead(response, version, headRequest, close, scratch, 0, scratch.length, nowNanos);
            if (end < 0) return false;
        }
        dst.put(scratch, 0, end);
        return true;
    }

    /**
     * Writes the response head into {@code a} from {@code pos}, not past {@code limit}. Returns where it ends,
     * or -1 (nothing written) if it does not fit. The size is computed first, so the writing needs no checks.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the Latin-1 copy we want, without a charset lookup
    static int encodeHead(Response response, HttpVersion version, boolean headRequest, boolean close,
                          byte[] a, int pos, int limit, long nowNanos) {
        Framing framing = framing(response, version, headRequest);
        byte[] statusLine = HttpStatus.statusLine(response.status());
        int size = statusLine.length + 2;
        boolean hasServer = false;
        boolean hasDate = false;
        int fields = response.headerCount();
        for (int i = 0; i < fields; i++) {
            String name = response.headerName(i);
            hasServer |= name.length() == 6 && name.equalsIgnoreCase("server");
            hasDate |= name.length() == 4 && name.equalsIgnoreCase("date");
            size += name.length() + response.headerValue(i).length() + 4;
        }
        byte[] date = hasDate ? null : HttpDate.dateLine(nowNanos);
        if (!hasServer) size += SERVER.length;
        if (date != null) size += date.length;
        long length = response.body().length();
        // A HEAD response announces the length a GET would have had (RFC 9110 9.3.2).
        boolean putLength = framing == Framing.LENGTH
                || (headRequest && length >= 0 && mayHaveContent(response) && !chunkedForTrailers(response, version));
        int digits = putLength ? digits(length) : 0;
        if (putLength) size += CONTENT_LENGTH.length + digits + 2;
        else if (framing == Framing.CHUNKED) size += CHUNKED.length;
        byte[] connection = close || framing == Framing.UNTIL_CLOSE ? CONNECTION_CLOSE
                : version == HttpVersion.HTTP_1_0 ? CONNECTION_KEEP_ALIVE : null;
        if (connection != null) size += connection.length;
        if (size > limit - pos) return -1;

        pos = put(a, pos, statusLine);
        for (int i = 0; i < fields; i++) {
            String name = response.headerName(i);
            String value = response.headerValue(i);
            name.getBytes(0, name.length(), a, pos);
            pos += name.length();
            a[pos++] = ':';
            a[pos++] = ' ';
            value.getBytes(0, value.length(), a, pos); // values were checked to be Latin-1 field characters
            pos += value.length();
            a[pos++] = '\r';
            a[pos++] = '\n';
        }
        if (!hasServer) pos = put(a, pos, SERVER);
        if (date != null) pos = put(a, pos, date);
        if (putLength) {
            pos = put(a, pos, CONTENT_LENGTH);
            putDigits(a, pos, digits, length);
            pos += digits;
            a[pos++] = '\r';
            a[pos++] = '\n';
        } else if (framing == Framing.CHUNKED) {
            pos = put(a, pos, CHUNKED);
        }
        if (connection != null) pos = put(a, pos, connection);
        a[pos++] = '\r';
        a[pos++] = '\n';
        return pos;
    }

    private static int put(byte[] a, int pos, byte[] piece) {
        System.arraycopy(piece, 0, a, pos, piece.length);
        return pos + piece.length;
    }

    /** Decimal digits of a non-negative length; comparisons, not divisions (this runs once per response). */
    private static int digits(long value) {
        if (value < 10) return 1;
        if (value < 100) return 2;
        if (value < 1_000) return 3;
        if (value < 10_000) return 4;
        int digits = 5;
        for (long v = value / 100_000; v > 0; v /= 10) digits++;
        return digits;
    }

    /** Writes {@code value}'s {@code digits} into {@code a[pos...]}: in int arithmetic when it fits (most bodies). */
    private static void putDigits(byte[] a, int pos, int digits, long value) {
        int i = pos + digits - 1;
        long rest = value;
        for (; rest > Integer.MAX_VALUE; rest /= 10) a[i--] = (byte) ('0' + rest % 10);
        for (int v = (int) rest; i >= pos; v /= 10) a[i--] = (byte) ('0' + v % 10);
    }

    private static boolean mayHaveContent(Response response) {
        int s = response.status();
        return s >= 200 && s != 204 && s != 304;
    }

    /** {@code HTTP/1.1 100 Continue} and its empty line. */
    public static byte[] continueLine() {
        return CONTINUE.clone();
    }

    static byte[] continueBytes() {
        return CONTINUE;
    }

    /** Writes a chunk-size line for {@code size} bytes of chunk data. */
    public static void putChunkHeader(ByteBuffer dst, long size) {
        int shift = 60;
        while (shift > 0 && ((size >>> shift) & 0xF) == 0) shift -= 4;
        for (; shift >= 0; shift -= 4) dst.put(HEX[(int) ((size >>> shift) & 0xF)]);
        dst.put(CRLF);
    }

    public static void putCrlf(ByteBuffer dst) {
        dst.put(CRLF);
    }

    /**
     * The last chunk and the trailer section of {@code fields} (alternating names and values, already
     * validated: {@link ResponseTrailers}).
     */
    public static byte[] lastChunk(String[] fields) {
        if (fields.length == 0) return LAST_CHUNK; // shared: callers only read it
        StringBuilder section = new StringBuilder("0\r\n");
        for (int i = 0; i < fields.length; i += 2) section.append(fields[i]).append(": ").append(fields[i + 1]).append("\r\n");
        return section.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1); // values may hold obs-text
    }

    /** A response with trailers goes chunked on HTTP/1.1 whatever its length: they have no place otherwise. */
    private static boolean chunkedForTrailers(Response response, HttpVersion version) {
        return response.trailers() != null && version == HttpVersion.HTTP_1_1;
    }

    static void putDecimal(ByteBuffer dst, long value) {
        // Digits are produced right to left into the destination itself: one division per digit.
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) digits++;
        int end = dst.position() + digits;
        if (end > dst.limit()) throw new java.nio.BufferOverflowException();
        for (int i = end - 1; i >= dst.position(); i--) {
            dst.put(i, (byte) ('0' + value % 10));
            value /= 10;
        }
        dst.position(end);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
