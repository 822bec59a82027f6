package dev.barista.handler;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request's body, fully received before the handler runs (bounded by
 * {@link dev.barista.http.HttpLimits#maxBodySize()}).
 */
public final class RequestBody {
    public static final RequestBody EMPTY = new RequestBody(new byte[0]);

    private final byte[] bytes;

    public RequestBody(byte[] bytes) {
        this.bytes = bytes;
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** The bytes themselves (not a copy): do not modify them. */
    public byte[] bytes() {
        return bytes;
    }

    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public InputStream asStream() {
        return new ByteArrayInputStream(bytes);
    }
}
