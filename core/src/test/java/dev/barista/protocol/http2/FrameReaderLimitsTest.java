package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.bytes;
import static dev.barista.protocol.http2.FrameBytes.concat;
import static dev.barista.protocol.http2.FrameBytes.frames;
import static dev.barista.protocol.http2.FrameBytes.int32;
import static dev.barista.protocol.http2.Http2.DATA;
import static dev.barista.protocol.http2.Http2.DEFAULT_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.FRAME_SIZE_ERROR;
import static dev.barista.protocol.http2.Http2.MAX_MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.PING;
import static dev.barista.protocol.http2.Http2.PRIORITY;
import static dev.barista.protocol.http2.Http2.PROTOCOL_ERROR;
import static dev.barista.protocol.http2.Http2.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reader at its edges: the frame size limit, unknown frame types, the frame budget of
 * {@code read(in, listener, maxFrames)}, and where the position is left after a partial frame or an error.
 */
class FrameReaderLimitsTest {

    @Test
    void aFrameOfExactlyMaxFrameSizeIsAcceptedOneMoreIsRefused() {
        for (int max : new int[] {DEFAULT_MAX_FRAME_SIZE, 20_000}) {
            byte[] payload = bytes(max, 3);
            byte[] fits = frames().frame(DATA, 0, 1, payload).bytes();
            String line = FrameLines.data(1, payload, max, false);
            for (int split : new int[] {0, 1, 8, 9, 10, 5_000, fits.length - 1}) {
                EmbeddedFrameReader r = new EmbeddedFrameReader(max);
                EmbeddedFrameReader.Outcome first = r.feed(fits, 0, split).outcome();
                assertThat(first.events()).as("split %d", split).isEmpty();
                assertThat(first.leftover()).isEqualTo(split);
                assertThat(r.feed(fits, split, fits.length).outcome().events()).as("split %d", split)
                        .isEqualTo(List.of(line));
            }
            assertThat(EmbeddedFrameReader.read(max, fits).events()).isEqualTo(List.of(line));
            // Refused on its header, before the payload arrives.
            byte[] tooLarge = frames().header(max + 1, DATA, 0, 1).bytes();
            assertThat(EmbeddedFrameReader.readEveryWay(max, tooLarge).events())
                    .containsExactly(FrameLines.error(0, FRAME_SIZE_ERROR));
        }
    }

    @Test
    void theLargestMaxFrameSizeWaitsForTheLargestFrame() {
        byte[] header = frames().header(MAX_MAX_FRAME_SIZE, DATA, 0, 1).raw(bytes(100, 0)).bytes();
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.read(MAX_MAX_FRAME_SIZE, header);
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.leftover()).isEqualTo(header.length);
    }

    @Test
    void maxFrameSizeIsTheRfcsRange() {
        assertThatThrownBy(() -> new FrameReader(16_383)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameReader(16_777_216)).isInstanceOf(IllegalArgumentException.class);
        FrameReader reader = new FrameReader(MAX_MAX_FRAME_SIZE);
        reader.maxFrameSize(DEFAULT_MAX_FRAME_SIZE);
        assertThat(reader.maxFrameSize()).isEqualTo(DEFAULT_MAX_FRAME_SIZE);
    }

    @Test
    void aNewMaxFrameSizeAppliesFromTheNextFrameOfTheSameRead() throws Http2Exception {
        // Our SETTINGS with a larger MAX_FRAME_SIZE is acknowledged; the frame right after it may use it.
        byte[] payload = bytes(20_000, 1);
        byte[] wire = concat(frames().frame(SETTINGS, Http2.ACK, 0, new byte[0]).bytes(),
                frames().frame(DATA, 0, 1, payload).bytes());
        FrameReader reader = new FrameReader(DEFAULT_MAX_FRAME_SIZE);
        FrameRecorder recorder = new FrameRecorder() {
            @Override
            public void settings(boolean ack, Settings settings) throws Http2Exception {
                super.settings(ack, settings);
                reader.maxFrameSize(20_000);
            }
        };
        reader.read(ByteBuffer.wrap(wire), recorder);
        assertThat(recorder.events).containsExactly(FrameLines.settings(true, new Settings()),
                FrameLines.data(1, payload, 20_000, false));
    }

    @Test
    void unknownTypesGoToUnknownAndAreSkipped() {
        byte[] wire = frames()
                .frame(0xa, 0xff, 0, bytes(3, 0))
                .frame(0xff, 0, 0x8000_0007, new byte[0])
                .frame(0x10, 0x01, 3, bytes(DEFAULT_MAX_FRAME_SIZE, 1))
                .frame(PING, 0, 0, bytes(8, 0))
                .bytes();
        assertThat(EmbeddedFrameReader.read(DEFAULT_MAX_FRAME_SIZE, wire).events()).containsExactly(
                FrameLines.unknown(0xa, 0xff, 0, bytes(3, 0)),
                FrameLines.unknown(0xff, 0, 7, new byte[0]),
                FrameLines.unknown(0x10, 0x01, 3, bytes(DEFAULT_MAX_FRAME_SIZE, 1)),
                FrameLines.ping(false, ByteBuffer.wrap(bytes(8, 0)).getLong()));
    }

    @Test
    void unknownTypesAreIgnoredByDefault() throws Http2Exception {
        byte[] wire = frames().frame(0xb, 0, 1, bytes(4, 0)).frame(0xc, 0, 0, new byte[0]).bytes();
        ByteBuffer in = ByteBuffer.wrap(wire);
        assertThat(new FrameReader(DEFAULT_MAX_FRAME_SIZE).read(in, new RefusingListener(), 10)).isEqualTo(2);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void theFrameBudgetStopsReadingAtAFrameBoundary() throws Http2Exception {
        byte[] wire = frames()
                .frame(PING, 0, 0, bytes(8, 0)).frame(PING, 0, 0, bytes(8, 1)).frame(PING, 0, 0, bytes(8, 2))
                .frame(PING, 0, 0, bytes(8, 3)).frame(PING, 0, 0, bytes(8, 4)).raw(bytes(5, 0)) // and a partial one
                .bytes();
        FrameReader reader = new FrameReader(DEFAULT_MAX_FRAME_SIZE);
        FrameRecorder recorder = new FrameRecorder();
        ByteBuffer in = ByteBuffer.wrap(wire);
        assertThat(reader.read(in, recorder, 0)).isZero();
        assertThat(in.position()).isZero();
        assertThat(reader.read(in, recorder, 2)).isEqualTo(2);
        assertThat(in.position()).isEqualTo(34);
        assertThat(reader.read(in, recorder, 2)).isEqualTo(2);
        assertThat(reader.read(in, recorder, 2)).isEqualTo(1);
        assertThat(reader.read(in, recorder, 2)).isZero();
        assertThat(in.position()).isEqualTo(5 * 17);
        assertThat(recorder.events).hasSize(5);
    }

    @Test
    void aPartialFrameStaysWithThePositionAtItsStart() throws Http2Exception {
        byte[] ping = frames().frame(PING, 0, 0, bytes(8, 0)).bytes();
        for (int partial = 0; partial < ping.length; partial++) {
            ByteBuffer in = ByteBuffer.wrap(concat(ping, Arrays.copyOf(ping, partial)));
            new FrameReader(DEFAULT_MAX_FRAME_SIZE).read(in, new FrameRecorder());
            assertThat(in.position()).isEqualTo(ping.length);
            assertThat(in.limit()).isEqualTo(ping.length + partial);
        }
    }

    @Test
    void anErrorInAFrameHeaderLeavesThePositionAtTheFrame() {
        byte[] wire = concat(frames().frame(PING, 0, 0, bytes(8, 0)).bytes(),
                frames().header(DEFAULT_MAX_FRAME_SIZE + 1, DATA, 0, 1).bytes());
        ByteBuffer in = ByteBuffer.wrap(wire);
        assertThatThrownBy(() -> new FrameReader(DEFAULT_MAX_FRAME_SIZE).read(in, new FrameRecorder()))
                .isInstanceOfSatisfying(Http2Exception.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(FRAME_SIZE_ERROR);
                    assertThat(e.isConnectionError()).isTrue();
                });
        assertThat(in.position()).isEqualTo(17);
    }

    @Test
    void anErrorInACompleteFrameLeavesThePositionAfterIt() {
        byte[] badPriority = frames().frame(PRIORITY, 0, 3, bytes(4, 0)).bytes();
        ByteBuffer in = ByteBuffer.wrap(concat(badPriority, frames().frame(PING, 0, 0, bytes(8, 0)).bytes()));
        assertThatThrownBy(() -> new FrameReader(DEFAULT_MAX_FRAME_SIZE).read(in, new FrameRecorder()))
                .isInstanceOfSatisfying(Http2Exception.class, e -> {
                    assertThat(e.streamId()).isEqualTo(3);
                    assertThat(e.errorCode()).isEqualTo(FRAME_SIZE_ERROR);
                });
        assertThat(in.position()).isEqualTo(badPriority.length);
    }

    @Test
    void aListenersExceptionPassesThroughWithItsFrameConsumed() {
        byte[] wire = frames().frame(Http2.WINDOW_UPDATE, 0, 5, int32(0)).frame(PING, 0, 0, bytes(8, 0)).bytes();
        ByteBuffer in = ByteBuffer.wrap(wire);
        Http2Exception thrown = Http2Exception.stream(5, PROTOCOL_ERROR, "zero increment");
        FrameRecorder listener = new FrameRecorder() {
            @Override
            public void windowUpdate(int streamId, int increment) throws Http2Exception {
                throw thrown;
            }
        };
        assertThatThrownBy(() -> new FrameReader(DEFAULT_MAX_FRAME_SIZE).read(in, listener)).isSameAs(thrown);
        assertThat(in.position()).isEqualTo(13);
        assertThat(listener.events).isEmpty();
    }

    /** A listener for frames that must not reach it: only {@code unknown}, left to its default, may be called. */
    private static final class RefusingListener implements FrameListener {
        @Override
        public void data(int streamId, ByteBuffer payload, int flowControlledLength, boolean endStream) {
            throw new AssertionError();
        }

        @Override
        public void headers(int streamId, ByteBuffer fragment, boolean endHeaders, boolean endStream) {
            throw new AssertionError();
        }

        @Override
        public void priority(int streamId, int dependsOn, boolean exclusive, int weight) {
            throw new AssertionError();
        }

        @Override
        public void rstStream(int streamId, int errorCode) {
            throw new AssertionError();
        }

        @Override
        public void settings(boolean ack, Settings settings) {
            throw new AssertionError();
        }

        @Override
        public void ping(boolean ack, long opaqueData) {
            throw new AssertionError();
        }

        @Override
        public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
            throw new AssertionError();
        }

        @Override
        public void windowUpdate(int streamId, int increment) {
            throw new AssertionError();
        }

        @Override
        public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) {
            throw new AssertionError();
        }

        @Override
        public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders) {
            throw new AssertionError();
        }
    }
}
