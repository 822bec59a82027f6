package dev.barista.protocol.http2;

import static dev.barista.protocol.http2.FrameBytes.bytes;
import static dev.barista.protocol.http2.FrameBytes.concat;
import static dev.barista.protocol.http2.FrameBytes.frames;
import static dev.barista.protocol.http2.FrameBytes.int32;
import static dev.barista.protocol.http2.FrameBytes.padded;
import static dev.barista.protocol.http2.FrameBytes.priorityFields;
import static dev.barista.protocol.http2.FrameBytes.setting;
import static dev.barista.protocol.http2.Http2.ACK;
import static dev.barista.protocol.http2.Http2.CONTINUATION;
import static dev.barista.protocol.http2.Http2.DATA;
import static dev.barista.protocol.http2.Http2.ENABLE_PUSH;
import static dev.barista.protocol.http2.Http2.END_HEADERS;
import static dev.barista.protocol.http2.Http2.END_STREAM;
import static dev.barista.protocol.http2.Http2.FLOW_CONTROL_ERROR;
import static dev.barista.protocol.http2.Http2.FRAME_SIZE_ERROR;
import static dev.barista.protocol.http2.Http2.GOAWAY;
import static dev.barista.protocol.http2.Http2.HEADERS;
import static dev.barista.protocol.http2.Http2.INITIAL_WINDOW_SIZE;
import static dev.barista.protocol.http2.Http2.MAX_FRAME_SIZE;
import static dev.barista.protocol.http2.Http2.NO_RFC7540_PRIORITIES;
import static dev.barista.protocol.http2.Http2.PADDED;
import static dev.barista.protocol.http2.Http2.PING;
import static dev.barista.protocol.http2.Http2.PRIORITY;
import static dev.barista.protocol.http2.Http2.PRIORITY_FLAG;
import static dev.barista.protocol.http2.Http2.PROTOCOL_ERROR;
import static dev.barista.protocol.http2.Http2.PUSH_PROMISE;
import static dev.barista.protocol.http2.Http2.RST_STREAM;
import static dev.barista.protocol.http2.Http2.SETTINGS;
import static dev.barista.protocol.http2.Http2.WINDOW_UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of {@link FrameReader}, as a table of input bytes and the error they must give (code, and connection
 * or stream scope), each row read whole, byte by byte and split at every index; then, for each rule, the frames
 * just inside it, which must be accepted as the line they give.
 */
class FrameReaderErrorsTest {
    private static final int CONNECTION = 0;
    private static final byte[] NOTHING = new byte[0];

    static Stream<Arguments> refused() {
        return Stream.of(
                // Section 4.2: larger than our SETTINGS_MAX_FRAME_SIZE, refused on the header, whatever the type.
                refused("DATA longer than max frame size", frames().header(16_385, DATA, 0, 1).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("SETTINGS longer than max frame size", frames().header(16_386, SETTINGS, 0, 0).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("unknown type longer than max frame size", frames().header(0xff_ffff, 0x42, 0, 1).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),

                // Frames that belong to a stream, on stream 0 (the reserved bit alone does not make a stream).
                refused("DATA on stream 0", frames().frame(DATA, 0, 0, bytes(3, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("HEADERS on stream 0", frames().frame(HEADERS, END_HEADERS, 0, bytes(3, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("HEADERS on stream 0 with the reserved bit set",
                        frames().header(1, HEADERS, END_HEADERS, 0x8000_0000).raw(bytes(1, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("PRIORITY on stream 0", frames().frame(PRIORITY, 0, 0, priorityFields(1, false, 16)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("PRIORITY on stream 0 with a wrong length", frames().frame(PRIORITY, 0, 0, bytes(4, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("RST_STREAM on stream 0", frames().frame(RST_STREAM, 0, 0, int32(8)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("CONTINUATION on stream 0", frames().frame(CONTINUATION, END_HEADERS, 0, bytes(2, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("PUSH_PROMISE on stream 0", frames().frame(PUSH_PROMISE, END_HEADERS, 0, int32(2)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),

                // Frames that belong to the connection, on a stream.
                refused("SETTINGS on stream 1", frames().frame(SETTINGS, 0, 1, NOTHING).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("SETTINGS ACK on stream 1", frames().frame(SETTINGS, ACK, 1, NOTHING).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("PING on stream 1", frames().frame(PING, 0, 1, bytes(8, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("GOAWAY on stream 1", frames().frame(GOAWAY, 0, 1, bytes(8, 0)).bytes(),
                        CONNECTION, PROTOCOL_ERROR),

                // SETTINGS shape and values (section 6.5, 6.5.2; RFC 9218 section 2.1).
                refused("SETTINGS length 5", frames().frame(SETTINGS, 0, 0, bytes(5, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("SETTINGS length 7", frames().frame(SETTINGS, 0, 0, bytes(7, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("SETTINGS ACK with a payload",
                        frames().frame(SETTINGS, ACK, 0, setting(ENABLE_PUSH, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("ENABLE_PUSH 2", settingsFrame(setting(ENABLE_PUSH, 2)), CONNECTION, PROTOCOL_ERROR),
                refused("ENABLE_PUSH 2^32-1", settingsFrame(setting(ENABLE_PUSH, 0xffff_ffffL)),
                        CONNECTION, PROTOCOL_ERROR),
                refused("INITIAL_WINDOW_SIZE 2^31", settingsFrame(setting(INITIAL_WINDOW_SIZE, 1L << 31)),
                        CONNECTION, FLOW_CONTROL_ERROR),
                refused("INITIAL_WINDOW_SIZE 2^32-1", settingsFrame(setting(INITIAL_WINDOW_SIZE, 0xffff_ffffL)),
                        CONNECTION, FLOW_CONTROL_ERROR),
                refused("MAX_FRAME_SIZE 16383", settingsFrame(setting(MAX_FRAME_SIZE, 16_383)),
                        CONNECTION, PROTOCOL_ERROR),
                refused("MAX_FRAME_SIZE 0", settingsFrame(setting(MAX_FRAME_SIZE, 0)), CONNECTION, PROTOCOL_ERROR),
                refused("MAX_FRAME_SIZE 2^24", settingsFrame(setting(MAX_FRAME_SIZE, 16_777_216)),
                        CONNECTION, PROTOCOL_ERROR),
                refused("NO_RFC7540_PRIORITIES 2", settingsFrame(setting(NO_RFC7540_PRIORITIES, 2)),
                        CONNECTION, PROTOCOL_ERROR),
                refused("a bad value after good ones",
                        settingsFrame(concat(setting(ENABLE_PUSH, 0), setting(0x99, 7), setting(MAX_FRAME_SIZE, 1))),
                        CONNECTION, PROTOCOL_ERROR),

                // Fixed lengths.
                refused("PING length 7", frames().frame(PING, 0, 0, bytes(7, 0)).bytes(), CONNECTION, FRAME_SIZE_ERROR),
                refused("PING length 9", frames().frame(PING, 0, 0, bytes(9, 0)).bytes(), CONNECTION, FRAME_SIZE_ERROR),
                refused("PING ACK length 0", frames().frame(PING, ACK, 0, NOTHING).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("PRIORITY length 4", frames().frame(PRIORITY, 0, 3, bytes(4, 0)).bytes(), 3, FRAME_SIZE_ERROR),
                refused("PRIORITY length 6", frames().frame(PRIORITY, 0, 3, bytes(6, 0)).bytes(), 3, FRAME_SIZE_ERROR),
                refused("PRIORITY length 0", frames().frame(PRIORITY, 0, 0x7fff_ffff, NOTHING).bytes(),
                        0x7fff_ffff, FRAME_SIZE_ERROR),
                refused("RST_STREAM length 3", frames().frame(RST_STREAM, 0, 1, bytes(3, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("RST_STREAM length 5", frames().frame(RST_STREAM, 0, 1, bytes(5, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("WINDOW_UPDATE length 3 on a stream", frames().frame(WINDOW_UPDATE, 0, 1, bytes(3, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("WINDOW_UPDATE length 5 on the connection",
                        frames().frame(WINDOW_UPDATE, 0, 0, bytes(5, 1)).bytes(), CONNECTION, FRAME_SIZE_ERROR),
                refused("GOAWAY length 7", frames().frame(GOAWAY, 0, 0, bytes(7, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("GOAWAY length 0", frames().frame(GOAWAY, 0, 0, NOTHING).bytes(), CONNECTION, FRAME_SIZE_ERROR),

                // Padding (sections 6.1, 6.2, 6.6): too short for its Pad Length field, or padding past the end.
                refused("DATA PADDED without a Pad Length", frames().frame(DATA, PADDED, 1, NOTHING).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("DATA padding 1 in a payload of 1", frames().frame(DATA, PADDED, 1, new byte[] {1}).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("DATA padding equal to the payload length",
                        frames().frame(DATA, PADDED, 1, concat(new byte[] {5}, bytes(4, 0))).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("DATA padding 255 in a payload of 10",
                        frames().frame(DATA, PADDED | END_STREAM, 1, concat(new byte[] {(byte) 255}, bytes(9, 0)))
                                .bytes(), CONNECTION, PROTOCOL_ERROR),
                refused("HEADERS PADDED without a Pad Length", frames().frame(HEADERS, PADDED, 1, NOTHING).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("HEADERS padding past the end",
                        frames().frame(HEADERS, PADDED | END_HEADERS, 1, concat(new byte[] {3}, bytes(2, 0))).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("HEADERS PRIORITY with 4 bytes",
                        frames().frame(HEADERS, PRIORITY_FLAG | END_HEADERS, 1, bytes(4, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("HEADERS PRIORITY empty", frames().frame(HEADERS, PRIORITY_FLAG, 1, NOTHING).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("HEADERS PADDED PRIORITY with 5 bytes",
                        frames().frame(HEADERS, PADDED | PRIORITY_FLAG, 1, concat(new byte[] {0}, bytes(4, 0))).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("HEADERS PADDED PRIORITY, padding into the priority fields",
                        frames().frame(HEADERS, PADDED | PRIORITY_FLAG, 1,
                                concat(new byte[] {1}, priorityFields(0, false, 16))).bytes(),
                        CONNECTION, PROTOCOL_ERROR),
                refused("PUSH_PROMISE with 3 bytes", frames().frame(PUSH_PROMISE, END_HEADERS, 1, bytes(3, 0)).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("PUSH_PROMISE PADDED with 4 bytes",
                        frames().frame(PUSH_PROMISE, PADDED, 1, concat(new byte[] {0}, bytes(3, 0))).bytes(),
                        CONNECTION, FRAME_SIZE_ERROR),
                refused("PUSH_PROMISE padding into the promised stream",
                        frames().frame(PUSH_PROMISE, PADDED, 1, concat(new byte[] {1}, int32(2))).bytes(),
                        CONNECTION, PROTOCOL_ERROR));
    }

    private static Arguments refused(String name, byte[] wire, int streamId, int code) {
        return Arguments.of(name, wire, FrameLines.error(streamId, code));
    }

    private static byte[] settingsFrame(byte[] payload) {
        return frames().frame(SETTINGS, 0, 0, payload).bytes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedWithThePreciseError(String name, byte[] wire, String error) {
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.readEveryWay(wire);
        assertThat(outcome.events()).as(name).containsExactly(error);
    }

    /** The frame after the bad one is read when the error is a stream error, never after a connection error. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aStreamErrorLeavesTheNextFrameReadable(String name, byte[] wire, String error) {
        byte[] ping = frames().frame(PING, 0, 0, bytes(8, 9)).bytes();
        long opaque = ByteBuffer.wrap(bytes(8, 9)).getLong();
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.readEveryWay(concat(wire, ping));
        if (error.startsWith("ERROR stream")) {
            assertThat(outcome.events()).containsExactly(error, FrameLines.ping(false, opaque));
        } else {
            assertThat(outcome.events()).containsExactly(error);
            assertThat(outcome.closed()).isTrue();
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                accepted("DATA PADDED, padding leaving nothing",
                        frames().frame(DATA, PADDED, 1, concat(new byte[] {4}, bytes(4, 0))).bytes(),
                        FrameLines.data(1, NOTHING, 5, false)),
                accepted("DATA PADDED, Pad Length 0",
                        frames().frame(DATA, PADDED | END_STREAM, 1, padded(0, bytes(3, 1))).bytes(),
                        FrameLines.data(1, bytes(3, 1), 4, true)),
                accepted("DATA PADDED, Pad Length alone", frames().frame(DATA, PADDED, 1, new byte[] {0}).bytes(),
                        FrameLines.data(1, NOTHING, 1, false)),
                accepted("HEADERS PADDED PRIORITY with 6 bytes",
                        frames().frame(HEADERS, PADDED | PRIORITY_FLAG | END_HEADERS, 1,
                                padded(0, priorityFields(0, true, 256))).bytes(),
                        FrameLines.headers(1, NOTHING, true, false)),
                accepted("HEADERS PRIORITY with 5 bytes",
                        frames().frame(HEADERS, PRIORITY_FLAG, 3, priorityFields(1, false, 1)).bytes(),
                        FrameLines.headers(3, NOTHING, false, false)),
                accepted("PUSH_PROMISE with 4 bytes", frames().frame(PUSH_PROMISE, END_HEADERS, 1, int32(2)).bytes(),
                        FrameLines.pushPromise(1, 2, NOTHING, true)),
                accepted("SETTINGS at each value's limits", settingsFrame(concat(setting(ENABLE_PUSH, 1),
                                setting(INITIAL_WINDOW_SIZE, 0x7fff_ffff), setting(MAX_FRAME_SIZE, 16_777_215),
                                setting(NO_RFC7540_PRIORITIES, 1), setting(Http2.HEADER_TABLE_SIZE, 0xffff_ffffL))),
                        FrameLines.settings(false, new Settings().set(ENABLE_PUSH, 1)
                                .set(INITIAL_WINDOW_SIZE, 0x7fff_ffff).set(MAX_FRAME_SIZE, 16_777_215)
                                .set(NO_RFC7540_PRIORITIES, 1).set(Http2.HEADER_TABLE_SIZE, 0xffff_ffffL))),
                accepted("SETTINGS at the lower limits", settingsFrame(concat(setting(ENABLE_PUSH, 0),
                                setting(INITIAL_WINDOW_SIZE, 0), setting(MAX_FRAME_SIZE, 16_384))),
                        FrameLines.settings(false, new Settings().set(ENABLE_PUSH, 0).set(INITIAL_WINDOW_SIZE, 0)
                                .set(MAX_FRAME_SIZE, 16_384))),
                accepted("SETTINGS: unknown ids ignored, whatever their value; the last of a repeated id wins",
                        settingsFrame(concat(setting(0, 5), setting(7, 0xffff_ffffL), setting(0xffff, 1),
                                setting(INITIAL_WINDOW_SIZE, 10), setting(INITIAL_WINDOW_SIZE, 20))),
                        FrameLines.settings(false, new Settings().set(INITIAL_WINDOW_SIZE, 20))),
                accepted("WINDOW_UPDATE of 0 is passed on", frames().frame(WINDOW_UPDATE, 0, 1, int32(0)).bytes(),
                        FrameLines.windowUpdate(1, 0)),
                accepted("GOAWAY with debug data", frames().frame(GOAWAY, 0, 0, concat(int32(3), int32(2), bytes(5, 0)))
                        .bytes(), FrameLines.goAway(3, 2, bytes(5, 0))),
                accepted("PING ACK", frames().frame(PING, ACK, 0, bytes(8, 1)).bytes(),
                        FrameLines.ping(true, 0x01203f5e7d9cbbdaL)),
                accepted("unknown flags are ignored", frames().frame(RST_STREAM, 0xff, 5, int32(8)).bytes(),
                        FrameLines.rstStream(5, 8)),

                // Reserved bits are ignored on receipt (sections 4.1, 6.8, 6.9, 6.6).
                accepted("stream id with the reserved bit",
                        frames().header(4, RST_STREAM, 0, 0x8000_0005).raw(int32(8)).bytes(),
                        FrameLines.rstStream(5, 8)),
                accepted("SETTINGS on stream 0 with the reserved bit",
                        frames().header(0, SETTINGS, ACK, 0x8000_0000).bytes(),
                        FrameLines.settings(true, new Settings())),
                accepted("window increment with the reserved bit",
                        frames().frame(WINDOW_UPDATE, 0, 0, int32(0x8000_0001)).bytes(), FrameLines.windowUpdate(0, 1)),
                accepted("window increment 0 with the reserved bit",
                        frames().frame(WINDOW_UPDATE, 0, 7, int32(0x8000_0000)).bytes(), FrameLines.windowUpdate(7, 0)),
                accepted("GOAWAY last stream with the reserved bit",
                        frames().frame(GOAWAY, 0, 0, concat(int32(0xffff_ffff), int32(0))).bytes(),
                        FrameLines.goAway(0x7fff_ffff, 0, NOTHING)),
                accepted("PUSH_PROMISE promised stream with the reserved bit",
                        frames().frame(PUSH_PROMISE, 0, 1, concat(int32(0x8000_0004), bytes(2, 0))).bytes(),
                        FrameLines.pushPromise(1, 4, bytes(2, 0), false)),
                accepted("PRIORITY: the exclusive bit is not part of the dependency",
                        frames().frame(PRIORITY, 0, 5, priorityFields(0x7fff_ffff, true, 1)).bytes(),
                        FrameLines.priority(5, 0x7fff_ffff, true, 1)),
                accepted("PRIORITY on itself is passed on (the session decides)",
                        frames().frame(PRIORITY, 0, 5, priorityFields(5, false, 200)).bytes(),
                        FrameLines.priority(5, 5, false, 200)));
    }

    private static Arguments accepted(String name, byte[] wire, String line) {
        return Arguments.of(name, wire, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedJustInsideEachRule(String name, byte[] wire, String line) {
        EmbeddedFrameReader.Outcome outcome = EmbeddedFrameReader.readEveryWay(wire);
        assertThat(outcome.events()).as(name).isEqualTo(List.of(line));
        assertThat(outcome.leftover()).isZero();
    }
}
