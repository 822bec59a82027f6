package dev.barista.protocol.http2;

import dev.barista.http.Response;
import dev.barista.http.ResponseTrailers;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.TransportLink;
import dev.barista.protocol.http2.hpack.HpackEncoder;
import dev.barista.protocol.http2.hpack.HpackOutput;
import dev.barista.server.Http2Config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;

/**
 * What an HTTP/2 connection sends, into its {@link OutboundBuffer}: each response's HEADERS (HPACK-encoded, split
 * at the peer's frame size), its body in DATA frames as the connection's and the stream's send windows allow
 * (one frame per stream per round, so that one large body does not starve the others, and never more than the
 * high-water mark unsent), and the control frames. It keeps the peer's settings as they apply to sending. Session
 * thread only.
 */
final class Http2Output {
    /** HPACK's table size until a SETTINGS frame says otherwise (RFC 9113 6.5.2). */
    static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

    /** What becomes of a stream as its frames go out. */
    interface StreamEvents {
        /** END_STREAM is written: the stream is done on our side. */
        void sent(Http2Stream stream);

        /** Its body could not be read (a file that shrank): reset it. */
        void failed(Http2Stream stream, int errorCode);
    }

    private final OutboundBuffer out;
    private final TransportLink link;
    private final long highWaterMark;
    private final StreamEvents events;
    private final HpackEncoder encoder = new HpackEncoder(DEFAULT_HEADER_TABLE_SIZE);
    private final HpackOutput block = new HpackOutput();
    /** Streams with something to send, served round-robin one frame at a time. */
    private final ArrayDeque<Http2Stream> sending = new ArrayDeque<>();
    // The peer's settings as they apply to what we send.
    private int peerInitialWindow = Http2.DEFAULT_WINDOW;
    private int peerMaxFrameSize = Http2.DEFAULT_MAX_FRAME_SIZE;
    private long connectionWindow = Http2.DEFAULT_WINDOW;

    Http2Output(OutboundBuffer out, TransportLink link, long highWaterMark, StreamEvents events) {
        this.out = out;
        this.link = link;
        this.highWaterMark = highWaterMark;
        this.events = events;
    }

    /** The window a new stream starts with, as the peer set it. */
    int initialStreamWindow() {
        return peerInitialWindow;
    }

    /** Whether the output is backed up (above the high-water mark): reading stops until it drains. */
    boolean full() {
        return out.pendingBytes() >= highWaterMark;
    }

    // ---- the peer's settings and windows -------------------------------------------------------------

    /** Applies what the peer's SETTINGS change for sending; a stream window past 2^31-1 is a connection error. */
    void peerSettings(Settings settings, Collection<Http2Stream> streams) throws Http2Exception {
        if (settings.has(Http2.HEADER_TABLE_SIZE)) {
            encoder.setMaxTableSize((int) Math.min(settings.get(Http2.HEADER_TABLE_SIZE), DEFAULT_HEADER_TABLE_SIZE));
        }
        if (settings.has(Http2.MAX_FRAME_SIZE)) peerMaxFrameSize = (int) settings.get(Http2.MAX_FRAME_SIZE);
        if (settings.has(Http2.INITIAL_WINDOW_SIZE)) {
            int window = (int) settings.get(Http2.INITIAL_WINDOW_SIZE);
            int delta = window - peerInitialWindow;
            peerInitialWindow = window;
            for (Http2Stream stream : streams) {
                stream.sendWindow += delta; // may go negative: it waits for WINDOW_UPDATEs (RFC 9113 6.9.2)
                if (stream.sendWindow > Http2.MAX_WINDOW) {
                    throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR, "a stream window past 2^31-1");
                }
                if (delta > 0) schedule(stream);
            }
        }
    }

    /** The connection's WINDOW_UPDATE; false when it would pass 2^31-1 (a connection error). */
    boolean connectionWindowUpdate(int increment) {
        connectionWindow += increment;
        return connectionWindow <= Http2.MAX_WINDOW;
    }

    /** A stream's WINDOW_UPDATE; false when it would pass 2^31-1 (a stream error). */
    boolean streamWindowUpdate(Http2Stream stream, int increment) {
        stream.sendWindow += increment;
        if (stream.sendWindow > Http2.MAX_WINDOW) return false;
        schedule(stream);
        return true;
    }

    // ---- responses -------------------------------------------------------------------------------------

    /** A response's HEADERS, ending the stream when there is no body. */
    void headers(Http2Stream stream, Response response, long bodyLength, boolean endStream) {
        block.reset();
        ResponseHeaders.encode(response, bodyLength, encoder, block, link.now());
        writeHeaders(stream.id, endStream);
        stream.headersSent = true;
    }

    /** The encoded block as HEADERS (and CONTINUATIONs past the peer's frame size). */
    private void writeHeaders(int streamId, boolean endStream) {
        int size = FrameWriter.headersSize(block.length(), peerMaxFrameSize);
        ByteBuffer dst = out.staging(size);
        if (dst.remaining() >= size) {
            FrameWriter.headers(dst, streamId, block.array(), 0, block.length(), endStream, peerMaxFrameSize);
        } else {
            ByteBuffer own = ByteBuffer.allocate(size);
            FrameWriter.headers(own, streamId, block.array(), 0, block.length(), endStream, peerMaxFrameSize);
            out.appendCopy(own.flip());
        }
    }

    /** The stream has (or may have) body to send: it joins the round. */
    void schedule(Http2Stream stream) {
        if (!stream.scheduled && stream.hasDataToSend()) {
            stream.scheduled = true;
            sending.add(stream);
        }
    }

    /**
     * Moves response bodies into DATA frames: one frame per stream per round, as the connection's and each
     * stream's windows allow, until the output is full. A stream with no window waits (and its wait is timed).
     */
    void writeData() {
        while (!sending.isEmpty() && !full()) {
            Http2Stream stream = sending.poll();
            stream.scheduled = false;
            if (!stream.hasDataToSend()) continue;
            if (writeFrame(stream)) {
                stream.blockedSince = 0;
                schedule(stream); // behind the others: one frame each per round
                continue;
            }
            if (stream.blockedSince == 0) stream.blockedSince = link.now();
            if (connectionWindow <= 0) { // every stream waits for the connection's WINDOW_UPDATE
                schedule(stream);
                return;
            }
            // Its own window is shut: its WINDOW_UPDATE schedules it again.
        }
    }

    /** Writes one DATA frame of the stream's body (or its final empty one); false when no window allows it. */
    private boolean writeFrame(Http2Stream stream) {
        if (stream.queuedBytes == 0 && stream.file == null) {
            if (!stream.bodyComplete) return true; // waiting for the pump, not for window
            if (stream.trailed != null) trailers(stream);
            else FrameWriter.dataHeader(out.staging(Http2.FRAME_HEADER_LENGTH), stream.id, 0, true);
            events.sent(stream);
            return true;
        }
        long window = Math.min(connectionWindow, stream.sendWindow);
        if (window <= 0) return false;
        int max = (int) Math.min(window, peerMaxFrameSize);
        int length;
        boolean last;
        if (stream.file != null) {
            length = (int) Math.min(max, stream.file.count() - stream.fileSent);
            ByteBuffer chunk = ByteBuffer.allocate(length);
            try {
                while (chunk.hasRemaining()) {
                    int n = stream.file.channel().read(chunk, stream.file.position() + stream.fileSent + chunk.position());
                    if (n <= 0) throw new IOException("file shrank while being sent");
                }
            } catch (IOException e) {
                events.failed(stream, Http2.INTERNAL_ERROR);
                return true;
            }
            stream.fileSent += length;
            last = stream.fileSent == stream.file.count();
            FrameWriter.dataHeader(out.staging(Http2.FRAME_HEADER_LENGTH), stream.id, length,
                    last && stream.trailed == null);
            out.append(chunk.array(), 0, length);
            if (last) {
                stream.releaseResponse();
                stream.bodyComplete = true;
            }
        } else {
            ByteBuffer head = stream.data.peek();
            length = Math.min(max, head.remaining());
            stream.queuedBytes -= length;
            last = stream.bodyComplete && stream.queuedBytes == 0;
            FrameWriter.dataHeader(out.staging(Http2.FRAME_HEADER_LENGTH), stream.id, length,
                    last && stream.trailed == null);
            out.append(head.array(), head.arrayOffset() + head.position(), length);
            head.position(head.position() + length);
            if (!head.hasRemaining()) {
                stream.data.poll();
                if (stream.pump != null) stream.pump.sent();
            }
        }
        connectionWindow -= length;
        stream.sendWindow -= length;
        if (last) {
            if (stream.trailed != null) trailers(stream);
            events.sent(stream);
        }
        return true;
    }

    /** The response's trailer fields in a last HEADERS frame, which ends the stream (RFC 9113 8.1). */
    private void trailers(Http2Stream stream) {
        String[] fields = ResponseTrailers.fields(stream.trailed);
        stream.trailed = null;
        if (fields.length == 0) { // the supplier gave none after all: an empty DATA frame ends the stream
            FrameWriter.dataHeader(out.staging(Http2.FRAME_HEADER_LENGTH), stream.id, 0, true);
            return;
        }
        block.reset();
        for (int i = 0; i < fields.length; i += 2) encoder.encode(fields[i], fields[i + 1], block);
        writeHeaders(stream.id, true);
    }

    /** Nothing more is sent (the connection is closing). */
    void clear() {
        sending.clear();
    }

    // ---- control frames ----------------------------------------------------------------------------------

    /** Our preface: SETTINGS (what we accept), and a larger connection window than the default 65,535. */
    void preface(Http2Config limits) {
        Settings ours = new Settings()
                .set(Http2.MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams())
                .set(Http2.INITIAL_WINDOW_SIZE, limits.initialWindowSize())
                .set(Http2.MAX_FRAME_SIZE, limits.maxFrameSize())
                .set(Http2.MAX_HEADER_LIST_SIZE, limits.maxHeaderListSize())
                .set(Http2.ENABLE_PUSH, 0);
        if (limits.headerTableSize() != DEFAULT_HEADER_TABLE_SIZE) {
            ours.set(Http2.HEADER_TABLE_SIZE, limits.headerTableSize());
        }
        FrameWriter.settings(out.staging(FrameWriter.settingsSize(ours)), ours);
        int extra = limits.connectionWindowSize() - Http2.DEFAULT_WINDOW;
        if (extra > 0) windowUpdate(0, extra);
    }

    void settingsAck() {
        FrameWriter.settingsAck(out.staging(Http2.FRAME_HEADER_LENGTH));
    }

    void pingAck(long opaqueData) {
        FrameWriter.ping(out.staging(Http2.FRAME_HEADER_LENGTH + 8), true, opaqueData);
    }

    void windowUpdate(int streamId, int increment) {
        FrameWriter.windowUpdate(out.staging(Http2.FRAME_HEADER_LENGTH + 4), streamId, increment);
    }

    void rstStream(int streamId, int errorCode) {
        FrameWriter.rstStream(out.staging(Http2.FRAME_HEADER_LENGTH + 4), streamId, errorCode);
    }

    void goAway(int lastStreamId, int errorCode) {
        FrameWriter.goAway(out.staging(Http2.FRAME_HEADER_LENGTH + 8), lastStreamId, errorCode);
    }
}
