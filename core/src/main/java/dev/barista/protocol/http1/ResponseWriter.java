package dev.barista.protocol.http1;

import dev.barista.http.HttpVersion;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.http.ResponseEncoder;
import dev.barista.http.ResponseTrailers;
import dev.barista.protocol.OutboundBuffer;
import dev.barista.protocol.TransportLink;
import dev.barista.protocol.UnsentResponse;

import java.nio.ByteBuffer;

/**
 * Puts HTTP/1 responses on the wire format, into a session's {@link OutboundBuffer}: the head, then the body
 * by its kind — bytes copied or queued, a file region queued for sendfile, a stream pumped by the transport
 * and framed here (chunked when its length is unknown). While a stream is being sent, later responses wait.
 * Session thread only; no I/O.
 */
final class ResponseWriter {
    private static final System.Logger LOG = System.getLogger(ResponseWriter.class.getName());
    /** A head that does not fit an empty staging buffer is encoded into one of up to this size. */
    private static final int MAX_HEAD = 1 << 20;

    private final OutboundBuffer out;
    private final TransportLink link;
    private final TransportLink.StreamSink sink;
    /** The response body being pumped, or null. */
    private TransportLink.StreamSource streaming;
    private boolean chunked;
    /** The response being pumped, for its trailers at the end. */
    private Response streamed;

    ResponseWriter(OutboundBuffer out, TransportLink link, TransportLink.StreamSink sink) {
        this.out = out;
        this.link = link;
        this.sink = sink;
    }

    boolean isStreaming() {
        return streaming != null;
    }

    void writeContinue() {
        byte[] interim = ResponseEncoder.continueLine();
        out.append(interim, 0, interim.length);
    }

    /**
     * Encodes one response; returns whether the connection closes after it ({@code close}, or a body that
     * only the close can delimit).
     */
    boolean write(Response response, HttpVersion version, boolean headRequest, boolean close) {
        if (response.body() instanceof ResponseBody.Entity) {
            // The dispatcher writes entities; one that got here was built after it (by a transport's caller).
            LOG.log(System.Logger.Level.ERROR, "a response entity reached the connection unwritten: " + response);
            response = Response.error(500, "Internal Server Error");
        }
        ResponseEncoder.Framing framing = ResponseEncoder.framing(response, version, headRequest);
        if (framing == ResponseEncoder.Framing.UNTIL_CLOSE) close = true;
        long now = link.now();
        if (!ResponseEncoder.encodeHead(response, version, headRequest, close, out.staging(), now)) {
            out.spill();
            if (!ResponseEncoder.encodeHead(response, version, headRequest, close, out.staging(), now)) {
                ByteBuffer large = ByteBuffer.allocate(MAX_HEAD);
                if (!ResponseEncoder.encodeHead(response, version, headRequest, close, large)) {
                    LOG.log(System.Logger.Level.ERROR, "response head over 1 MiB: " + response);
                    UnsentResponse.release(response);
                    Response error = Response.error(500, "Internal Server Error");
                    ResponseEncoder.encodeHead(error, version, headRequest, true, out.staging());
                    var bytes = (ResponseBody.Bytes) error.body();
                    if (!headRequest) out.append(bytes.array(), bytes.offset(), bytes.count());
                    return true;
                }
                out.append(large.array(), 0, large.position());
            }
        }
        boolean sendsBody = ResponseEncoder.sendsBody(framing);
        // Chunked with a known length: the response has trailers, which follow the one chunk the body is.
        boolean chunkedWhole = framing == ResponseEncoder.Framing.CHUNKED && response.body().length() >= 0;
        switch (response.body()) {
            case ResponseBody.Empty ignored -> { }
            case ResponseBody.Bytes bytes -> {
                if (sendsBody && bytes.count() > 0) {
                    if (chunkedWhole) ResponseEncoder.putChunkHeader(out.staging(12), bytes.count());
                    out.append(bytes.array(), bytes.offset(), bytes.count());
                    if (chunkedWhole) ResponseEncoder.putCrlf(out.staging(2));
                }
            }
            case ResponseBody.FileRegion file -> {
                if (sendsBody) {
                    if (chunkedWhole) ResponseEncoder.putChunkHeader(out.staging(20), file.count());
                    out.append(file);
                    if (chunkedWhole) ResponseEncoder.putCrlf(out.staging(2));
                } else {
                    UnsentResponse.release(response);
                }
            }
            case ResponseBody.Stream stream -> {
                if (sendsBody) {
                    chunked = framing == ResponseEncoder.Framing.CHUNKED;
                    streamed = response;
                    streaming = link.pump(stream, sink);
                    return close;
                }
                UnsentResponse.release(response);
            }
            case ResponseBody.Entity ignored -> throw new AssertionError("replaced above");
        }
        if (chunkedWhole) endChunks(response);
        return close;
    }

    /** The last chunk, with the response's trailers when it has some. */
    private void endChunks(Response response) {
        byte[] last = ResponseEncoder.lastChunk(ResponseTrailers.fields(response));
        out.append(last, 0, last.length);
    }

    /** A chunk of the streamed body, framed if the body is chunked. */
    void chunk(TransportLink.StreamSource source, byte[] data, int length) {
        if (source != streaming) return;
        if (chunked) ResponseEncoder.putChunkHeader(out.staging(12), length);
        out.append(data, 0, length);
        if (chunked) ResponseEncoder.putCrlf(out.staging(2));
    }

    /** The streamed body ended; false if {@code source} is not the current stream. */
    boolean end(TransportLink.StreamSource source, boolean complete) {
        if (source != streaming) return false;
        streaming = null;
        Response response = streamed;
        streamed = null;
        if (complete && chunked) endChunks(response);
        return true;
    }

    /** The connection closed: stop the stream. */
    void cancel() {
        if (streaming != null) {
            streaming.cancel();
            streaming = null;
            streamed = null;
        }
    }
}
