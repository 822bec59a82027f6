package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.hex;
import static dev.barista.protocol.http2.FrameBytes.write;
import static dev.barista.protocol.http2.Http2.DEFAULT_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.HEADER_TABLE_SIZE;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What the writer guarantees besides the round trip: sizes, byte order, placement, and the mistakes it refuses. */
class FrameWriterTest {

    @Test
    void framesAreBigEndianWhateverTheBuffersOrder() {
        ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        FrameWriter.ping(out, false, 0x0102030405060708L);
        FrameWriter.windowUpdate(out, 0x01020304, 0x0a0b0c0d);
        byte[] written = new byte[out.position()];
        out.flip().get(written);
        assertThat(written).isEqualTo(hex("000008 06 00 00000000 0102030405060708  000004 08 00 01020304 0a0b0c0d"));
    }

    @Test
    void framesGoAtThePositionAndMoveItBySize() {
        ByteBuffer out = ByteBuffer.allocate(100);
        out.put(hex("aabbcc"));
        FrameWriter.rstStream(out, 1, Http2.CANCEL);
        assertThat(out.position()).isEqualTo(3 + FrameWriter.rstStreamSize());
        assertThat(out.get(0)).isEqualTo((byte) 0xaa);
        assertThat(out.get(3 + 3)).isEqualTo((byte) Http2.RST_STREAM);
    }

    @Test
    void settingsAreWrittenInIdOrderWhateverTheOrderTheyWereSet() {
        Settings s = new Settings().set(NO_RFC7540_PRIORITIES, 1).set(INITIAL_WINDOW_SIZE, 0xffff)
                .set(HEADER_TABLE_SIZE, 0).set(ENABLE_PUSH, 0);
        assertThat(write(FrameWriter.settingsSize(s), out -> FrameWriter.settings(out, s))).isEqualTo(hex(
                "000018 04 00 00000000  0001 00000000  0002 00000000  0004 0000ffff  0009 00000001"));
        Settings none = new Settings();
        assertThat(write(FrameWriter.settingsSize(none), out -> FrameWriter.settings(out, none)))
                .isEqualTo(hex("000000 04 00 00000000"));
    }

    @Test
    void fixedSizes() {
        assertThat(FrameWriter.frameHeaderSize()).isEqualTo(9);
        assertThat(FrameWriter.settingsAckSize()).isEqualTo(9);
        assertThat(FrameWriter.pingSize()).isEqualTo(17);
        assertThat(FrameWriter.goAwaySize()).isEqualTo(17);
        assertThat(FrameWriter.rstStreamSize()).isEqualTo(13);
        assertThat(FrameWriter.windowUpdateSize()).isEqualTo(13);
        assertThat(FrameWriter.dataHeaderSize()).isEqualTo(9);
    }

    @Test
    void headersSizeCountsAHeaderPerFrame() {
        assertThat(FrameWriter.headersSize(0, DEFAULT_MAX_FRAME_SIZE)).isEqualTo(9);
        assertThat(FrameWriter.headersSize(1, DEFAULT_MAX_FRAME_SIZE)).isEqualTo(10);
        assertThat(FrameWriter.headersSize(16_384, DEFAULT_MAX_FRAME_SIZE)).isEqualTo(16_384 + 9);
        assertThat(FrameWriter.headersSize(16_385, DEFAULT_MAX_FRAME_SIZE)).isEqualTo(16_385 + 18);
        assertThat(FrameWriter.headersSize(40, 1)).isEqualTo(40 + 40 * 9);
        // Near the int range: exact, or refused rather than overflowing.
        assertThat(FrameWriter.headersSize(2_000_000_000, MAX_MAX_FRAME_SIZE)).isEqualTo(2_000_000_000 + 120 * 9);
        assertThatThrownBy(() -> FrameWriter.headersSize(Integer.MAX_VALUE - 9, MAX_MAX_FRAME_SIZE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlockAtTheFrameSizeLimitIsOneHeadersFrame() {
        byte[] block = FrameBytes.bytes(DEFAULT_MAX_FRAME_SIZE, 0);
        byte[] wire = write(FrameWriter.headersSize(block.length, DEFAULT_MAX_FRAME_SIZE),
                out -> FrameWriter.headers(out, 1, block, 0, block.length, false, DEFAULT_MAX_FRAME_SIZE));
        assertThat(EmbeddedFrameReader.frameEnds(wire)).containsExactly(wire.length);
        assertThat(wire[4]).isEqualTo((byte) Http2.END_HEADERS);
    }

    @Test
    void mistakesAreRefusedBeforeAnythingIsWritten() {
        ByteBuffer out = ByteBuffer.allocate(1024);
        refused(out, () -> FrameWriter.frameHeader(out, -1, 0, 0, 1));
        refused(out, () -> FrameWriter.frameHeader(out, MAX_MAX_FRAME_SIZE + 1, 0, 0, 1));
        refused(out, () -> FrameWriter.frameHeader(out, 0, 256, 0, 1));
        refused(out, () -> FrameWriter.frameHeader(out, 0, 0, 256, 1));
        refused(out, () -> FrameWriter.frameHeader(out, 0, 0, 0, -1));
        refused(out, () -> FrameWriter.windowUpdate(out, 1, 0));
        refused(out, () -> FrameWriter.windowUpdate(out, 1, -5));
        refused(out, () -> FrameWriter.windowUpdate(out, -1, 5));
        refused(out, () -> FrameWriter.rstStream(out, 0, Http2.CANCEL));
        refused(out, () -> FrameWriter.dataHeader(out, 0, 1, false));
        refused(out, () -> FrameWriter.dataHeader(out, 1, MAX_MAX_FRAME_SIZE + 1, false));
        refused(out, () -> FrameWriter.goAway(out, -1, 0));
        refused(out, () -> FrameWriter.headers(out, 0, new byte[1], 0, 1, false, 16));
        refused(out, () -> FrameWriter.headers(out, 1, new byte[1], 0, 1, false, 0));
        refused(out, () -> FrameWriter.headersSize(-1, 16));
        assertThatThrownBy(() -> FrameWriter.headers(out, 1, new byte[4], 2, 3, false, 16))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(out.position()).isZero();
    }

    private static void refused(ByteBuffer out, Executable writer) {
        assertThatThrownBy(writer::execute).isInstanceOf(IllegalArgumentException.class);
        assertThat(out.position()).isZero();
    }
}
