package dev.barista.protocol.http2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** One line of text per frame or error, as {@link FrameRecorder} writes them down and tests expect them. */
final class FrameLines {
    private static final HexFormat HEX = HexFormat.of();

    private FrameLines() {
    }

    static String data(int streamId, byte[] payload, int flowControlledLength, boolean endStream) {
        return "DATA " + streamId + " fc=" + flowControlledLength + " end=" + endStream + " [" + HEX.formatHex(payload)
                + "]";
    }

    static String headers(int streamId, byte[] fragment, boolean endHeaders, boolean endStream) {
        return "HEADERS " + streamId + " endHeaders=" + endHeaders + " end=" + endStream + " ["
                + HEX.formatHex(fragment) + "]";
    }

    static String priority(int streamId, int dependsOn, boolean exclusive, int weight) {
        return "PRIORITY " + streamId + " dep=" + dependsOn + " excl=" + exclusive + " weight=" + weight;
    }

    static String rstStream(int streamId, int errorCode) {
        return "RST_STREAM " + streamId + " " + Http2.errorName(errorCode);
    }

    static String settings(boolean ack, Settings settings) {
        return "SETTINGS ack=" + ack + " " + settings;
    }

    static String ping(boolean ack, long opaqueData) {
        return "PING ack=" + ack + " " + Long.toHexString(opaqueData);
    }

    static String goAway(int lastStreamId, int errorCode, byte[] debugData) {
        return "GOAWAY last=" + lastStreamId + " " + Http2.errorName(errorCode) + " [" + HEX.formatHex(debugData) + "]";
    }

    static String windowUpdate(int streamId, int increment) {
        return "WINDOW_UPDATE " + streamId + " +" + increment;
    }

    static String continuation(int streamId, byte[] fragment, boolean endHeaders) {
        return "CONTINUATION " + streamId + " endHeaders=" + endHeaders + " [" + HEX.formatHex(fragment) + "]";
    }

    static String pushPromise(int streamId, int promisedStreamId, byte[] fragment, boolean endHeaders) {
        return "PUSH_PROMISE " + streamId + " promised=" + promisedStreamId + " endHeaders=" + endHeaders + " ["
                + HEX.formatHex(fragment) + "]";
    }

    static String unknown(int type, int flags, int streamId, byte[] payload) {
        return "UNKNOWN type=" + type + " flags=" + flags + " " + streamId + " [" + HEX.formatHex(payload) + "]";
    }

    static String error(Http2Exception e) {
        return error(e.streamId(), e.errorCode());
    }

    /** The line for an error: {@code streamId} 0 for a connection error. */
    static String error(int streamId, int errorCode) {
        return "ERROR " + (streamId == 0 ? "connection" : "stream " + streamId) + " " + Http2.errorName(errorCode);
    }

    /**
     * The lines for a field block as {@link FrameWriter#headers} writes it: a HEADERS frame and as many CONTINUATION
     * frames as it takes, each at most {@code maxFrameSize}.
     */
    static List<String> headerBlock(int streamId, byte[] block, boolean endStream, int maxFrameSize) {
        List<String> lines = new ArrayList<>();
        int first = Math.min(block.length, maxFrameSize);
        lines.add(headers(streamId, Arrays.copyOf(block, first), first == block.length, endStream));
        for (int done = first; done < block.length; done += maxFrameSize) {
            int n = Math.min(maxFrameSize, block.length - done);
            lines.add(continuation(streamId, Arrays.copyOfRange(block, done, done + n), done + n == block.length));
        }
        return lines;
    }
}
