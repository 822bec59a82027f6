package dev.barista.server;

import dev.barista.handler.RequestBody;
import dev.barista.http.Headers;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects a request body as it arrives. It grows toward the declared length instead of allocating it up
 * front: a client announcing 10 MB and sending nothing must not make the server hold 10 MB. The parser has
 * already enforced {@code maxBodySize} and the declared length, so growth is bounded.
 */
public final class BodyBuffer {
    private static final int INITIAL = 16 * 1024;

    private final long declaredLength;
    private byte[] bytes;
    private int length;

    /** @param declaredLength Content-Length, or -1 for chunked */
    public BodyBuffer(long declaredLength) {
        this.declaredLength = declaredLength;
    }

    public void append(ByteBuffer slice) {
        int n = slice.remaining();
        if (bytes == null) {
            long first = declaredLength > 0 ? Math.min(declaredLength, Math.max(n, INITIAL)) : Math.max(n, INITIAL);
            bytes = new byte[(int) first];
        } else if (bytes.length - length < n) {
            long wanted = Math.max((long) length + n, 2L * bytes.length);
            if (declaredLength > 0) wanted = Math.min(wanted, declaredLength);
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, wanted));
        }
        slice.get(bytes, length, n);
        length += n;
    }

    /** The body as a handler reads it; {@code contentType} gives its text accessors their charset. */
    public RequestBody toBody(Headers trailers, String contentType) {
        if (length == 0 && trailers.isEmpty() && contentType == null) return RequestBody.EMPTY;
        byte[] whole = bytes == null ? new byte[0] : length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
        return RequestBody.of(whole, trailers, contentType);
    }
}
