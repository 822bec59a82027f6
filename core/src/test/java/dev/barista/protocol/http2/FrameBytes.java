package dev.barista.protocol.http2;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Builds wire bytes for tests by hand, independently of {@link FrameWriter}: frames of any shape, valid or not
 * (padding, priority fields, wrong lengths, reserved bits), and the writer's own output checked against its size.
 */
final class FrameBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static FrameBytes frames() {
        return new FrameBytes();
    }

    /** A frame whose length field is the payload's length. */
    FrameBytes frame(int type, int flags, int streamId, byte[] payload) {
        header(payload.length, type, flags, streamId);
        out.writeBytes(payload);
        return this;
    }

    /** A frame header alone, with any length and any 32-bit stream field (reserved bit included). */
    FrameBytes header(int length, int type, int flags, int streamField) {
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(type);
        out.write(flags);
        out.writeBytes(int32(streamField));
        return this;
    }

    FrameBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** What a {@link FrameWriter} method writes, after checking it wrote exactly {@code size} bytes. */
    FrameBytes written(int size, Consumer<ByteBuffer> writer) {
        return raw(write(size, writer));
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    // ---- payload pieces -----------------------------------------------------------------------------------------

    /** Runs a writer on a buffer with room to spare and returns what it wrote, checking it wrote {@code size}. */
    static byte[] write(int size, Consumer<ByteBuffer> writer) {
        ByteBuffer buffer = ByteBuffer.allocate(size + 16);
        writer.accept(buffer);
        if (buffer.position() != size) {
            throw new AssertionError("wrote " + buffer.position() + " bytes, its size says " + size);
        }
        buffer.flip();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] int32(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** One SETTINGS entry: a 16-bit identifier and a 32-bit value. */
    static byte[] setting(int id, long value) {
        return concat(new byte[] {(byte) (id >>> 8), (byte) id}, int32((int) value));
    }

    /** A padded payload: the Pad Length byte, the rest, and {@code padLength} zero bytes. */
    static byte[] padded(int padLength, byte[] rest) {
        return concat(new byte[] {(byte) padLength}, rest, new byte[padLength]);
    }

    /** The five priority bytes of a HEADERS or PRIORITY frame; {@code weight} as the RFC counts it (1 to 256). */
    static byte[] priorityFields(int dependsOn, boolean exclusive, int weight) {
        return concat(int32(exclusive ? dependsOn | 0x8000_0000 : dependsOn), new byte[] {(byte) (weight - 1)});
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed + i * 31);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }
}
