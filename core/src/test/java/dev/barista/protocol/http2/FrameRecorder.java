package dev.barista.protocol.http2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameListener} that writes each frame down as one line of text ({@link FrameLines}), so that tests
 * compare lists of strings and a failure shows what was read.
 *
 * <p>It also checks the listener contract: every buffer is a slice (position 0, limit = capacity = its length).
 * Payloads are copied out as hex during the call, as a listener must.
 */
class FrameRecorder implements FrameListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void data(int streamId, ByteBuffer payload, int flowControlledLength, boolean endStream)
            throws Http2Exception {
        events.add(FrameLines.data(streamId, bytes(payload), flowControlledLength, endStream));
    }

    @Override
    public void headers(int streamId, ByteBuffer fragment, boolean endHeaders, boolean endStream)
            throws Http2Exception {
        events.add(FrameLines.headers(streamId, bytes(fragment), endHeaders, endStream));
    }

    @Override
    public void priority(int streamId, int dependsOn, boolean exclusive, int weight) throws Http2Exception {
        events.add(FrameLines.priority(streamId, dependsOn, exclusive, weight));
    }

    @Override
    public void rstStream(int streamId, int errorCode) throws Http2Exception {
        events.add(FrameLines.rstStream(streamId, errorCode));
    }

    @Override
    public void settings(boolean ack, Settings settings) throws Http2Exception {
        if (ack && !settings.isEmpty()) throw new AssertionError("SETTINGS ACK with settings " + settings);
        events.add(FrameLines.settings(ack, settings));
    }

    @Override
    public void ping(boolean ack, long opaqueData) throws Http2Exception {
        events.add(FrameLines.ping(ack, opaqueData));
    }

    @Override
    public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) throws Http2Exception {
        events.add(FrameLines.goAway(lastStreamId, errorCode, bytes(debugData)));
    }

    @Override
    public void windowUpdate(int streamId, int increment) throws Http2Exception {
        events.add(FrameLines.windowUpdate(streamId, increment));
    }

    @Override
    public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception {
        events.add(FrameLines.continuation(streamId, bytes(fragment), endHeaders));
    }

    @Override
    public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders)
            throws Http2Exception {
        events.add(FrameLines.pushPromise(streamId, promisedStreamId, bytes(fragment), endHeaders));
    }

    @Override
    public void unknown(int type, int flags, int streamId, ByteBuffer payload) throws Http2Exception {
        events.add(FrameLines.unknown(type, flags, streamId, bytes(payload)));
    }

    /** The slice's bytes, after checking that it is one. */
    private static byte[] bytes(ByteBuffer slice) {
        if (slice.position() != 0 || slice.limit() != slice.capacity()) {
            throw new AssertionError("not a slice: " + slice);
        }
        byte[] b = new byte[slice.remaining()];
        slice.get(0, b);
        return b;
    }
}
