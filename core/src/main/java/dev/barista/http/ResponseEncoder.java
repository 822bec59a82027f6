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
        if (length >= 0) return headRequest ? Framing.NONE : Framing.LENGTH;
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
        int start = dst.position();
        try {
            Framing framing = framing(response, version, headRequest);
            dst.put(HttpStatus.statusLine(response.status()));
            boolean hasServer = false;
            boolean hasDate = false;
            for (int i = 0, n = response.headerCount(); i < n; i++) {
                String name = response.headerName(i);
                hasServer |= name.equalsIgnoreCase("server");
                hasDate |= name.equalsIgnoreCase("date");
                putAscii(dst, name);
                dst.put(COLON_SP);
                putLatin1(dst, response.headerValue(i));
                dst.put(CRLF);
            }
            if (!hasServer) dst.put(SERVER);
            if (!hasDate) dst.put(HttpDate.dateLine());
            long length = response.body().length();
            // A HEAD response announces the length a GET would have had (RFC 9110 9.3.2).
            if (framing == Framing.LENGTH || (headRequest && length >= 0 && mayHaveContent(response))) {
                dst.put(CONTENT_LENGTH);
                putDecimal(dst, length);
                dst.put(CRLF);
            } else if (framing == Framing.CHUNKED) {
                dst.put(CHUNKED);
            }
            if (close || framing == Framing.UNTIL_CLOSE) {
                dst.put(CONNECTION_CLOSE);
            } else if (version == HttpVersion.HTTP_1_0) {
                dst.put(CONNECTION_KEEP_ALIVE);
            }
            dst.put(CRLF);
            return true;
        } catch (java.nio.BufferOverflowException e) {
            dst.position(start);
            return false;
        }
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
    public static void putChunkHeader(ByteBuffer dst, int size) {
        int shift = 28;
        while (shift > 0 && ((size >>> shift) & 0xF) == 0) shift -= 4;
        for (; shift >= 0; shift -= 4) dst.put(HEX[(size >>> shift) & 0xF]);
        dst.put(CRLF);
    }

    public static void putCrlf(ByteBuffer dst) {
        dst.put(CRLF);
    }

    /** The last chunk and the empty trailer section. */
    public static void putLastChunk(ByteBuffer dst) {
        dst.put(LAST_CHUNK);
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

    private static void putAscii(ByteBuffer dst, String s) {
        for (int i = 0, n = s.length(); i < n; i++) dst.put((byte) s.charAt(i));
    }

    private static void putLatin1(ByteBuffer dst, String s) {
        for (int i = 0, n = s.length(); i < n; i++) dst.put((byte) s.charAt(i));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
