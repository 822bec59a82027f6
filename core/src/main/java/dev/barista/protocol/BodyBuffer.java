package dev.barista.protocol;

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

    /** The bytes the buffer will allocate to take {@code n} more: what to reserve before {@link #append}. */
    public long growthFor(int n) {
        return target(n) - (bytes == null ? 0 : bytes.length);
    }

    /** The capacity after taking {@code n} more bytes. */
    private long target(int n) {
        if (bytes == null) {
            return declaredLength > 0 ? Math.min(declaredLength, Math.max(n, INITIAL)) : Math.max(n, INITIAL);
        }
        if (bytes.length - length >= n) return bytes.length;
        long wanted = Math.max((long) length + n, 2L * bytes.length);
        if (declaredLength > 0) wanted = Math.min(wanted, declaredLength);
        return Math.min(Integer.MAX_VALUE - 8, wanted);
    }

    /** Bytes allocated now. */
    public long capacity() {
        return bytes == null ? 0 : bytes.length;
    }

    public void append(ByteBuffer slice) {
        int n = slice.remaining();
        long target = target(n);
        if (bytes == null) bytes = new byte[(int) target];
        else if (target > bytes.length) bytes = Arrays.copyOf(bytes, (int) target);
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
