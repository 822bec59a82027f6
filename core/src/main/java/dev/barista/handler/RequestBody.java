package dev.barista.handler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A request's body: received whole before the handler runs (bounded by
 * {@link dev.barista.http.HttpLimits#maxBodySize()}), or, for {@link Endpoint.Streaming} routes, a stream
 * the handler reads while the body arrives.
 */
public final class RequestBody {
    public static final RequestBody EMPTY = new RequestBody(new byte[0]);

    private byte[] bytes;
    private final InputStream stream;

    public RequestBody(byte[] bytes) {
        this.bytes = bytes;
        this.stream = null;
    }

    private RequestBody(InputStream stream) {
        this.stream = stream;
    }

    /** A body read while it arrives. */
    public static RequestBody streaming(InputStream stream) {
        return new RequestBody(stream);
    }

    /** True when the body arrives while the handler runs; {@link #asStream()} reads it then. */
    public boolean isStreaming() {
        return stream != null;
    }

    /** The length of a whole body, or -1 while a streamed body has not been read to its end. */
    public int length() {
        return bytes == null ? -1 : bytes.length;
    }

    public boolean isEmpty() {
        return length() == 0;
    }

    /**
     * The bytes themselves (not a copy: do not modify them). For a streamed body this reads the rest of the
     * stream (still bounded by maxBodySize) and may block.
     */
    public byte[] bytes() {
        if (bytes == null) {
            try {
                bytes = stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    public String asString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** The body as a stream; for a streamed body, the live one (read it once). */
    public InputStream asStream() {
        return bytes != null ? new ByteArrayInputStream(bytes) : stream;
    }
}
