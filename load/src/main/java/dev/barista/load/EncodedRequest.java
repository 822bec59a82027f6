package dev.barista.load;

import dev.barista.http.RequestEncoder;

import java.nio.ByteBuffer;

/**
 * The run's request, encoded once by core's {@link RequestEncoder}, and a direct buffer holding it
 * {@code copies} times back to back so that sending k pipelined requests is one write of a slice.
 */
final class EncodedRequest {
    final byte[] bytes;
    private final ByteBuffer copies;

    private EncodedRequest(byte[] bytes, int copies) {
        this.bytes = bytes;
        this.copies = ByteBuffer.allocateDirect(bytes.length * copies);
        for (int i = 0; i < copies; i++) this.copies.put(bytes);
        this.copies.clear();
    }

    static byte[] encode(LoadConfig config) {
        String[] headers = config.headers().toArray(String[]::new);
        RequestEncoder.validate(config.method(), config.target(), headers);
        byte[] body = config.body();
        ByteBuffer buf = ByteBuffer.allocate(
                RequestEncoder.headSizeBound(config.method(), config.target(), config.hostHeader(), headers)
                        + body.length);
        if (!RequestEncoder.encodeHead(config.method(), config.target(), config.hostHeader(), headers, body.length,
                buf)) {
            throw new IllegalStateException("the head bound was too small");
        }
        buf.put(body);
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }

    /** One per loop: the buffer is the loop's, reused for every write. */
    static EncodedRequest forLoop(byte[] bytes, int copies) {
        return new EncodedRequest(bytes, copies);
    }

    /** The first {@code n} requests, positioned for a write. Loop thread only; valid until the next call. */
    ByteBuffer first(int n) {
        copies.limit(bytes.length * n).position(0);
        return copies;
    }
}
