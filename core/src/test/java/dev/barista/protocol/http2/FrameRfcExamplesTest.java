package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.hex;
import static dev.barista.protocol.http2.FrameBytes.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte layouts written out by hand from RFC 9113 (sections 3.4, 4.1 and 6), each checked both ways: the writer makes
 * exactly these bytes, and the reader, whatever the split, makes of them what the RFC says they mean.
 */
class FrameRfcExamplesTest {

    @Test
    void clientPreface() {
        // Section 3.4: "0x505249202a20485454502f322e300d0a0d0a534d0d0a0d0a".
        assertThat(Http2.CLIENT_PREFACE).isEqualTo(hex("505249202a20485454502f322e300d0a0d0a534d0d0a0d0a"));
        assertThat(new String(Http2.CLIENT_PREFACE, StandardCharsets.US_ASCII))
                .isEqualTo("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(Http2.CLIENT_PREFACE).hasSize(24);
    }

    @Test
    void settingsFrame() {
        // Sections 4.1 and 6.5.1: length 12, type 4, flags 0, stream 0; then 16-bit ids and 32-bit values.
        byte[] wire = hex("00000c 04 00 00000000  0003 00000064  0004 0000ffff");
        Settings settings =
                new Settings().set(Http2.INITIAL_WINDOW_SIZE, 65_535).set(Http2.MAX_CONCURRENT_STREAMS, 100);
        assertThat(write(FrameWriter.settingsSize(settings), out -> FrameWriter.settings(out, settings)))
                .isEqualTo(wire);
        assertThat(reads(wire)).containsExactly(FrameLines.settings(false, settings));
    }

    @Test
    void settingsAck() {
        byte[] wire = hex("000000 04 01 00000000");
        assertThat(write(FrameWriter.settingsAckSize(), FrameWriter::settingsAck)).isEqualTo(wire);
        assertThat(reads(wire))
                .containsExactly(FrameLines.settings(true, new Settings()));
    }

    @Test
    void paddedData() {
        // Section 6.1: Pad Length 3, "Hello", 3 bytes of padding; END_STREAM | PADDED. All 9 bytes are flow-controlled.
        byte[] wire = hex("000009 00 09 00000001  03 48656c6c6f 000000");
        assertThat(reads(wire))
                .containsExactly(FrameLines.data(1, "Hello".getBytes(StandardCharsets.US_ASCII), 9, true));
    }

    @Test
    void paddedHeadersWithPriority() {
        // Section 6.2: Pad Length 2, E=1 and Stream Dependency 3, Weight 15 (16 as the RFC counts it), the field
        // block 82 86 84 (:method GET, :scheme http, :path / in HPACK), 2 bytes of padding.
        // Flags: PRIORITY 0x20 | PADDED 0x8 | END_HEADERS 0x4 | END_STREAM 0x1.
        byte[] wire = hex("00000b 01 2d 00000005  02 80000003 0f 828684 0000");
        assertThat(reads(wire))
                .containsExactly(FrameLines.headers(5, hex("828684"), true, true));
    }

    @Test
    void pushPromiseWithPadding() {
        // Section 6.6: Pad Length 1, R and Promised Stream ID 2, the field block, 1 byte of padding.
        byte[] wire = hex("000008 05 0c 00000001  01 00000002 8286 00");
        assertThat(reads(wire))
                .containsExactly(FrameLines.pushPromise(1, 2, hex("8286"), true));
    }

    @Test
    void priority() {
        // Section 6.3: E=0, Stream Dependency 1, Weight 255 (256).
        byte[] wire = hex("000005 02 00 00000003  00000001 ff");
        assertThat(reads(wire)).containsExactly(FrameLines.priority(3, 1, false, 256));
    }

    @Test
    void rstStream() {
        byte[] wire = hex("000004 03 00 00000001  00000008");
        assertThat(write(FrameWriter.rstStreamSize(), out -> FrameWriter.rstStream(out, 1, Http2.CANCEL)))
                .isEqualTo(wire);
        assertThat(reads(wire)).containsExactly(FrameLines.rstStream(1, Http2.CANCEL));
    }

    @Test
    void ping() {
        byte[] wire = hex("000008 06 01 00000000  0102030405060708");
        assertThat(write(FrameWriter.pingSize(), out -> FrameWriter.ping(out, true, 0x0102030405060708L)))
                .isEqualTo(wire);
        assertThat(reads(wire))
                .containsExactly(FrameLines.ping(true, 0x0102030405060708L));
    }

    @Test
    void goAway() {
        byte[] wire = hex("000008 07 00 00000000  00000007 00000001");
        assertThat(write(FrameWriter.goAwaySize(), out -> FrameWriter.goAway(out, 7, Http2.PROTOCOL_ERROR)))
                .isEqualTo(wire);
        assertThat(reads(wire))
                .containsExactly(FrameLines.goAway(7, Http2.PROTOCOL_ERROR, new byte[0]));
    }

    @Test
    void windowUpdate() {
        byte[] wire = hex("000004 08 00 00000000  0000ffff");
        assertThat(write(FrameWriter.windowUpdateSize(), out -> FrameWriter.windowUpdate(out, 0, 65_535)))
                .isEqualTo(wire);
        assertThat(reads(wire)).containsExactly(FrameLines.windowUpdate(0, 65_535));
    }

    @Test
    void dataHeader() {
        byte[] wire = hex("000005 00 01 00000003  48656c6c6f");
        assertThat(write(FrameWriter.dataHeaderSize(), out -> FrameWriter.dataHeader(out, 3, 5, true)))
                .isEqualTo(hex("000005 00 01 00000003"));
        assertThat(reads(wire))
                .containsExactly(FrameLines.data(3, hex("48656c6c6f"), 5, true));
    }

    @Test
    void headersSplitIntoContinuation() {
        // Section 6.10: END_STREAM on the HEADERS frame, END_HEADERS only on the last CONTINUATION.
        byte[] block = hex("0102030405");
        byte[] wire = hex("000002 01 01 00000001 0102  000002 09 00 00000001 0304  000001 09 04 00000001 05");
        assertThat(write(FrameWriter.headersSize(5, 2), out -> FrameWriter.headers(out, 1, block, 0, 5, true, 2)))
                .isEqualTo(wire);
        assertThat(reads(wire)).isEqualTo(List.of(
                FrameLines.headers(1, hex("0102"), false, true),
                FrameLines.continuation(1, hex("0304"), false),
                FrameLines.continuation(1, hex("05"), true)));
    }

    /** What the reader makes of the bytes, the same whole, byte by byte and split at every index. */
    private static List<String> reads(byte[] wire) {
        return EmbeddedFrameReader.readEveryWay(wire).events();
    }
}
