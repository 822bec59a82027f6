package dev.barista.handler;

import dev.barista.http.Headers;
import dev.barista.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A request's body: received whole before the handler runs (bounded by
 * {@link dev.barista.http.HttpLimits#maxBodySize()}), or, for {@link Endpoint.Kind#STREAMING} routes, a stream
 * the handler reads while the body arrives. Text accessors decode with the charset of the request's
 * {@code Content-Type} (UTF-8 when it names none).
 */
public final class RequestBody {
    private static final byte[] NOTHING = new byte[0];
    public static final RequestBody EMPTY = new RequestBody(NOTHING, null, () -> Headers.EMPTY, null);

    private byte[] bytes;
    private final InputStream stream;
    private final Supplier<Headers> trailers;
    private final String contentType;

    private RequestBody(byte[] bytes, InputStream stream, Supplier<Headers> trailers, String contentType) {
        this.bytes = bytes;
        this.stream = stream;
        this.trailers = trailers;
        this.contentType = contentType;
    }

    /** A body received whole. */
    public static RequestBody of(byte[] bytes) {
        return of(bytes, Headers.EMPTY, null);
    }

    /**
     * @param trailers    the trailer fields of a chunked body, else {@link Headers#EMPTY}
     * @param contentType the request's Content-Type, or null
     */
    public static RequestBody of(byte[] bytes, Headers trailers, String contentType) {
        return new RequestBody(bytes, null, () -> trailers, contentType);
    }

    /**
     * A body read while it arrives.
     *
     * @param trailers what the trailer fields are once the stream has ended (empty until then)
     */
    public static RequestBody streaming(InputStream stream, Supplier<Headers> trailers, String contentType) {
        return new RequestBody(null, stream, trailers, contentType);
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

    /** The body as text, in the charset its Content-Type names (UTF-8 if none, or an unknown one). */
    public String asString() {
        return new String(bytes(), charset());
    }

    /** The charset of the request's Content-Type, else UTF-8. */
    public Charset charset() {
        if (contentType == null) return StandardCharsets.UTF_8;
        MediaType type = MediaType.parse(contentType);
        return type == null ? StandardCharsets.UTF_8 : type.charset().orElse(StandardCharsets.UTF_8);
    }

    /** The request's Content-Type as sent, or null. */
    public String contentType() {
        return contentType;
    }

    /** The body as a stream; for a streamed body, the live one (read it once). */
    public InputStream asStream() {
        return bytes != null ? new ByteArrayInputStream(bytes) : stream;
    }

    /** Trailer fields of a chunked body; for a streamed body, known once the stream has been read to its end. */
    public Headers trailers() {
        return trailers.get();
    }
}
