package dev.barista.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes request heads (and chunked framing) into buffers: the client-side twin of {@link ResponseEncoder}. Pure:
 * it touches nothing but the destination buffer. {@link #validate} checks a request's parts once, where it is
 * built, so that the encoder (which runs on an event loop) never meets a value that could split a request.
 *
 * <p>Framing follows from the body: a known length is sent as Content-Length (and an empty body as no field at all
 * for methods whose requests normally carry none, RFC 9110 8.6), an unknown one ({@code -1}) as chunked. Host is
 * the upstream's authority; the caller cannot set Host, Content-Length, Transfer-Encoding or Connection.
 */
public final class RequestEncoder {
    private static final byte[] SP = ascii(" ");
    private static final byte[] VERSION_CRLF = ascii(" HTTP/1.1\r\n");
    private static final byte[] HOST = ascii("Host: ");
    private static final byte[] USER_AGENT = ascii("User-Agent: Barista\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] COLON_SP = ascii(": ");

    private RequestEncoder() {
    }

    /**
     * Checks a method token, an origin-form target and alternating header names and values; throws
     * IllegalArgumentException naming the first bad part.
     */
    public static void validate(String method, String target, String[] headers) {
        if (method.isEmpty()) throw new IllegalArgumentException("empty method");
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c > 0x7F || !HttpChars.isTchar((byte) c)) throw new IllegalArgumentException("invalid method");
        }
        if (target.isEmpty() || (target.charAt(0) != '/' && !target.equals("*"))) {
            throw new IllegalArgumentException("the target must be origin-form (start with '/') or '*'");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c > 0x7F || !HttpChars.isTargetChar((byte) c)) {
                throw new IllegalArgumentException("invalid character in target (percent-encode it)");
            }
        }
        if (headers.length % 2 != 0) throw new IllegalArgumentException("headers must be name/value pairs");
        for (int i = 0; i < headers.length; i += 2) {
            String name = headers[i];
            String value = headers[i + 1];
            if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
            for (int k = 0; k < name.length(); k++) {
                char c = name.charAt(k);
                if (c > 0x7F || !HttpChars.isTchar((byte) c)) {
                    throw new IllegalArgumentException("invalid header name: " + name);
                }
            }
            if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("content-length")
                    || name.equalsIgnoreCase("transfer-encoding") || name.equalsIgnoreCase("connection")) {
                throw new IllegalArgumentException(name + " is set by the client");
            }
            // Rejecting CR, LF and other controls here is what makes request splitting impossible.
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c > 0xFF || !HttpChars.isFieldChar((byte) c)) {
                    throw new IllegalArgumentException("invalid character in header value");
                }
            }
        }
    }

    /** An upper bound of the head's size in bytes, to size a buffer that {@link #encodeHead} fills. */
    public static int headSizeBound(String method, String target, String host, String[] headers) {
        int n = method.length() + target.length() + host.length() + 128;
        for (String s : headers) n += s.length() + 4;
        return n;
    }

    /**
     * Writes the request head into {@code dst}, parts already {@link #validate validated}. Returns false, with
     * {@code dst} unchanged, if it does not fit.
     *
     * @param bodyLength the body's length, or -1 for a chunked body of unknown length
     */
    public static boolean encodeHead(String method, String target, String host, String[] headers, long bodyLength,
                                     ByteBuffer dst) {
        int start = dst.position();
        try {
            putLatin1(dst, method);
            dst.put(SP);
            putLatin1(dst, target);
            dst.put(VERSION_CRLF);
            dst.put(HOST);
            putLatin1(dst, host);
            dst.put(CRLF);
            boolean hasUserAgent = false;
            for (int i = 0; i < headers.length; i += 2) {
                hasUserAgent |= headers[i].equalsIgnoreCase("user-agent");
                putLatin1(dst, headers[i]);
                dst.put(COLON_SP);
                putLatin1(dst, headers[i + 1]);
                dst.put(CRLF);
            }
            if (!hasUserAgent) dst.put(USER_AGENT);
            if (bodyLength < 0) {
                dst.put(CHUNKED);
            } else if (bodyLength > 0 || expectsContent(method)) {
                dst.put(CONTENT_LENGTH);
                ResponseEncoder.putDecimal(dst, bodyLength);
                dst.put(CRLF);
            }
            dst.put(CRLF);
            return true;
        } catch (java.nio.BufferOverflowException e) {
            dst.position(start);
            return false;
        }
    }

    /** Writes one chunk (size line, data, CRLF) of a chunked body; {@code length} must be positive. */
    public static void putChunk(ByteBuffer dst, byte[] data, int offset, int length) {
        if (length <= 0) throw new IllegalArgumentException("a data chunk must not be empty");
        ResponseEncoder.putChunkHeader(dst, length);
        dst.put(data, offset, length);
        dst.put(CRLF);
    }

    private static final String[] NO_TRAILERS = new String[0];

    /** The last chunk and the empty trailer section that end a chunked body. */
    public static void putLastChunk(ByteBuffer dst) {
        dst.put(ResponseEncoder.lastChunk(NO_TRAILERS));
    }

    /** Methods whose requests usually carry content: an empty one is announced as {@code Content-Length: 0}. */
    private static boolean expectsContent(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static void putLatin1(ByteBuffer dst, String s) {
        for (int i = 0, n = s.length(); i < n; i++) dst.put((byte) s.charAt(i));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
