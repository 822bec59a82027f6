package dev.barista.protocol.http2;

import dev.barista.protocol.http2.hpack.FieldBlock;
import dev.barista.protocol.http2.hpack.HpackDecoder;
import dev.barista.protocol.http2.hpack.HpackEncoder;
import dev.barista.protocol.http2.hpack.HpackException;
import dev.barista.protocol.http2.hpack.HpackOutput;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An HTTP/2 client for tests that speaks raw frames, so that a test can send what no well-behaved client would
 * (bad frames, floods, windows kept shut) and see exactly what the server answers. It uses the server's own frame
 * codec and HPACK, which their own tests check against the RFCs. Cleartext with prior knowledge, or TLS with
 * ALPN {@code h2} (trusting any certificate: the server's is self-signed).
 *
 * <p>By default it acknowledges the server's SETTINGS and gives back window as data arrives; a test that wants
 * windows shut says so ({@link #autoWindow}).
 */
final class H2TestClient implements AutoCloseable {
    private static final byte[] EMPTY = new byte[0];

    /** A frame as received, its header block decoded when it has one. */
    record Frame(int type, int flags, int streamId, byte[] payload, Map<String, String> headers) {
        boolean endStream() {
            return (flags & Http2.END_STREAM) != 0 && (type == Http2.DATA || type == Http2.HEADERS);
        }

        int errorCode() { // RST_STREAM, or GOAWAY's
            ByteBuffer b = ByteBuffer.wrap(payload);
            return type == Http2.GOAWAY ? b.getInt(4) : b.getInt(0);
        }

        @Override
        public String toString() {
            return "Frame[" + type + " flags=" + flags + " stream=" + streamId + " len=" + payload.length
                    + (headers == null ? "" : " " + headers) + "]";
        }
    }

    /** A whole response on one stream. */
    record Response(int status, Map<String, String> headers, byte[] body, int resetCode, Map<String, String> trailers) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final HpackEncoder encoder = new HpackEncoder(4096);
    private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
    private final FieldBlock fields = new FieldBlock();
    private final FrameReader reader = new FrameReader(Http2.MAX_MAX_FRAME_SIZE);
    private final ArrayDeque<Frame> received = new ArrayDeque<>();
    /** Frames of streams nobody is waiting for yet. */
    private final List<Frame> parked = new ArrayList<>();
    private ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();
    private ByteArrayOutputStream headerBlock;
    private int headerBlockStream;
    private int headerBlockFlags;
    private int nextStream = 1;
    boolean autoWindow = true;
    /** The server's settings, as last received. */
    final Settings serverSettings = new Settings();

    private H2TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Cleartext, prior knowledge: the preface and an empty SETTINGS, sent at once. */
    static H2TestClient connect(int port) throws IOException {
        return connect(port, new Settings());
    }

    static H2TestClient connect(int port, Settings settings) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        H2TestClient client = new H2TestClient(socket);
        client.preface(settings);
        return client;
    }

    /** TLS with ALPN h2 (any certificate trusted), then the preface. */
    static H2TestClient connectTls(int port) throws IOException {
        SSLSocket socket = (SSLSocket) trustingEverything().getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[]{"h2"});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new IOException("ALPN chose " + socket.getApplicationProtocol() + ", not h2");
        }
        H2TestClient client = new H2TestClient(socket);
        client.preface(new Settings());
        return client;
    }

    static SSLContext trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void preface(Settings settings) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.CLIENT_PREFACE.length + Http2.FRAME_HEADER_LENGTH + 6 * 7);
        b.put(Http2.CLIENT_PREFACE);
        FrameWriter.settings(b, settings);
        write(b);
    }

    // ---- sending ------------------------------------------------------------------------------------------

    int nextStreamId() {
        int id = nextStream;
        nextStream += 2;
        return id;
    }

    /** A request's HEADERS (one frame, or split into CONTINUATIONs of {@code maxFrame}). */
    void headers(int streamId, List<String[]> fields, boolean endStream) throws IOException {
        HpackOutput block = new HpackOutput();
        for (String[] f : fields) encoder.encode(f[0], f[1], block);
        ByteBuffer b = ByteBuffer.allocate(FrameWriter.headersSize(block.length(), Http2.DEFAULT_MAX_FRAME_SIZE));
        FrameWriter.headers(b, streamId, block.array(), 0, block.length(), endStream, Http2.DEFAULT_MAX_FRAME_SIZE);
        write(b);
    }

    static List<String[]> request(String method, String path) {
        List<String[]> fields = new ArrayList<>();
        fields.add(new String[]{":method", method});
        fields.add(new String[]{":scheme", "http"});
        fields.add(new String[]{":authority", "127.0.0.1"});
        fields.add(new String[]{":path", path});
        return fields;
    }

    void data(int streamId, byte[] payload, boolean endStream) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + payload.length);
        FrameWriter.dataHeader(b, streamId, payload.length, endStream);
        b.put(payload);
        write(b);
    }

    /**
     * Sends {@code count} copies of {@code chunk} as DATA on a fresh connection's stream, never past the windows the
     * server gave (as a real client does): waits for its WINDOW_UPDATEs when they are spent.
     */
    void dataWithinWindows(int streamId, byte[] chunk, int count) throws IOException {
        long connection = Http2.DEFAULT_WINDOW;
        long stream = Http2.DEFAULT_WINDOW;
        boolean settingsSeen = false;
        for (int i = 0; i < count; i++) {
            while (Math.min(connection, stream) < chunk.length) {
                Frame f = next();
                if (f == null) throw new IOException("connection closed while sending");
                if (f.type() == Http2.SETTINGS && !settingsSeen) {
                    settingsSeen = true;
                    stream += serverSettings.get(Http2.INITIAL_WINDOW_SIZE) - Http2.DEFAULT_WINDOW;
                } else if (f.type() == Http2.WINDOW_UPDATE) {
                    int increment = ByteBuffer.wrap(f.payload()).getInt();
                    if (f.streamId() == 0) connection += increment;
                    else if (f.streamId() == streamId) stream += increment;
                } else if (f.type() == Http2.GOAWAY || f.streamId() != 0) {
                    parked.add(f);
                    if (f.type() == Http2.GOAWAY || f.type() == Http2.RST_STREAM) return;
                }
            }
            data(streamId, chunk, i == count - 1);
            connection -= chunk.length;
            stream -= chunk.length;
        }
    }

    /** Any frame, as bytes: for what the writer refuses to make. */
    void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + payload.length);
        FrameWriter.frameHeader(b, payload.length, type, flags, streamId);
        b.put(payload);
        write(b);
    }

    void rst(int streamId, int code) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + 4);
        FrameWriter.rstStream(b, streamId, code);
        write(b);
    }

    void ping(long data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + 8);
        FrameWriter.ping(b, false, data);
        write(b);
    }

    void windowUpdate(int streamId, int increment) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + 4);
        FrameWriter.windowUpdate(b, streamId, increment);
        write(b);
    }

    void settings(Settings settings) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH + 6 * 7);
        FrameWriter.settings(b, settings);
        write(b);
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    private void write(ByteBuffer b) throws IOException {
        b.flip();
        out.write(b.array(), 0, b.limit());
        out.flush();
    }

    // ---- receiving ----------------------------------------------------------------------------------------

    /** The next frame (other than the SETTINGS and window bookkeeping it answers itself), or null on EOF. */
    Frame next() throws IOException {
        while (received.isEmpty()) {
            if (!readMore()) return null;
        }
        return received.poll();
    }

    /** The next frame of this stream (or of the connection's end), keeping other streams' frames for later. */
    private Frame nextOf(int streamId) throws IOException {
        for (var it = parked.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.streamId() == streamId) {
                it.remove();
                return f;
            }
        }
        Frame f;
        while ((f = next()) != null) {
            if (f.streamId() == streamId || f.type() == Http2.GOAWAY) return f;
            if (f.streamId() != 0) parked.add(f);
        }
        return null;
    }

    /** Frames until one matches, or null at EOF. */
    Frame until(java.util.function.Predicate<Frame> match) throws IOException {
        Frame f;
        while ((f = next()) != null) {
            if (match.test(f)) return f;
        }
        return null;
    }

    Frame goAway() throws IOException {
        return until(f -> f.type() == Http2.GOAWAY);
    }

    /** Whether the server closed the connection (EOF or reset) within the socket's timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (next() == null) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Sends a request and collects its response (headers, body, or the reset that ended it). */
    Response exchange(String method, String path, byte[] body) throws IOException {
        int id = nextStreamId();
        headers(id, request(method, path), body == null);
        if (body != null) data(id, body, true);
        return response(id);
    }

    Response get(String path) throws IOException {
        return exchange("GET", path, null);
    }

    Response response(int streamId) throws IOException {
        Map<String, String> headers = null;
        Map<String, String> trailers = Map.of();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            Frame f = nextOf(streamId);
            if (f == null) throw new IOException("connection closed before stream " + streamId + " ended");
            if (f.type() == Http2.GOAWAY) throw new IOException("GOAWAY " + Http2.errorName(f.errorCode()));
            if (f.type() == Http2.RST_STREAM) {
                return new Response(headers == null ? 0 : Integer.parseInt(headers.get(":status")),
                        headers == null ? Map.of() : headers, body.toByteArray(), f.errorCode(), trailers);
            }
            if (f.type() == Http2.HEADERS && headers != null) trailers = f.headers(); // after the body: trailers
            if (f.type() == Http2.HEADERS && headers == null) headers = f.headers();
            if (f.type() == Http2.DATA) body.write(f.payload());
            if (f.endStream()) {
                return new Response(Integer.parseInt(headers.get(":status")), headers, body.toByteArray(), -1, trailers);
            }
        }
    }

    private boolean readMore() throws IOException {
        input.compact();
        if (!input.hasRemaining()) {
            ByteBuffer larger = ByteBuffer.allocate(input.capacity() * 2);
            input.flip();
            larger.put(input);
            input = larger;
        }
        int n = in.read(input.array(), input.position(), input.remaining());
        if (n < 0) {
            input.flip();
            return false;
        }
        input.position(input.position() + n);
        input.flip();
        try {
            reader.read(input, new Recorder(), Integer.MAX_VALUE);
        } catch (Http2Exception e) {
            throw new IOException("the server sent a bad frame: " + e.getMessage(), e);
        }
        return true;
    }

    private Map<String, String> decode(byte[] block) throws IOException {
        fields.reset();
        try {
            decoder.decode(ByteBuffer.wrap(block), fields);
        } catch (HpackException e) {
            throw new IOException("the server sent a bad header block: " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.count(); i++) map.merge(fields.name(i), fields.value(i), (a, b) -> a + ", " + b);
        return map;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }

    private final class Recorder implements FrameListener {
        @Override
        public void data(int streamId, ByteBuffer payload, int flowControlledLength, boolean endStream) {
            received.add(new Frame(Http2.DATA, endStream ? Http2.END_STREAM : 0, streamId, bytes(payload), null));
            if (autoWindow && flowControlledLength > 0) {
                try {
                    H2TestClient.this.windowUpdate(0, flowControlledLength);
                    if (!endStream) H2TestClient.this.windowUpdate(streamId, flowControlledLength);
                } catch (IOException ignored) {
                    // the next read reports it
                }
            }
        }

        @Override
        public void headers(int streamId, ByteBuffer fragment, boolean endHeaders, boolean endStream) throws Http2Exception {
            headerBlock = new ByteArrayOutputStream();
            headerBlock.writeBytes(bytes(fragment));
            headerBlockStream = streamId;
            headerBlockFlags = (endStream ? Http2.END_STREAM : 0) | Http2.END_HEADERS;
            if (endHeaders) blockDone();
        }

        @Override
        public void continuation(int streamId, ByteBuffer fragment, boolean endHeaders) throws Http2Exception {
            headerBlock.writeBytes(bytes(fragment));
            if (endHeaders) blockDone();
        }

        private void blockDone() throws Http2Exception {
            try {
                received.add(new Frame(Http2.HEADERS, headerBlockFlags, headerBlockStream, EMPTY,
                        decode(headerBlock.toByteArray())));
            } catch (IOException e) {
                throw Http2Exception.connection(Http2.COMPRESSION_ERROR, e.getMessage());
            }
        }

        @Override
        public void priority(int streamId, int dependsOn, boolean exclusive, int weight) {
        }

        @Override
        public void rstStream(int streamId, int errorCode) {
            received.add(new Frame(Http2.RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(0, errorCode).array(), null));
        }

        @Override
        public void settings(boolean ack, Settings settings) {
            if (ack) return;
            for (int id = 1; id <= 6; id++) {
                if (settings.has(id)) serverSettings.set(id, settings.get(id));
            }
            try {
                ByteBuffer b = ByteBuffer.allocate(Http2.FRAME_HEADER_LENGTH);
                FrameWriter.settingsAck(b);
                write(b);
            } catch (IOException ignored) {
                // the next read reports it
            }
            received.add(new Frame(Http2.SETTINGS, 0, 0, EMPTY, null));
        }

        @Override
        public void ping(boolean ack, long opaqueData) {
            received.add(new Frame(Http2.PING, ack ? Http2.ACK : 0, 0, ByteBuffer.allocate(8).putLong(0, opaqueData).array(), null));
        }

        @Override
        public void goAway(int lastStreamId, int errorCode, ByteBuffer debugData) {
            received.add(new Frame(Http2.GOAWAY, 0, 0,
                    ByteBuffer.allocate(8).putInt(0, lastStreamId).putInt(4, errorCode).array(), null));
        }

        @Override
        public void windowUpdate(int streamId, int increment) {
            received.add(new Frame(Http2.WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(0, increment).array(), null));
        }

        @Override
        public void pushPromise(int streamId, int promisedStreamId, ByteBuffer fragment, boolean endHeaders) {
            throw new IllegalStateException("the server pushed, which we disabled");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
