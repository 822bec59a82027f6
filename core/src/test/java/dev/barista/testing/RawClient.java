package dev.barista.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A plain blocking socket client for tests that need to control the bytes: send anything (pipelined,
 * malformed, slowly), read one response at a time with its own framing, and tell a closed connection from
 * a quiet one. Every read has a timeout, so a server that never answers fails the test instead of hanging it.
 */
public final class RawClient implements AutoCloseable {
    /** How long any single read may wait unless a test says otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_HEAD_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout((int) DEFAULT_READ_TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    public static RawClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBuffer SO_RCVBUF to ask for before connecting (0: the system's default) */
    public static RawClient connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A minimal GET (or other method without a body) with a Host header. */
    public static String request(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    public static String get(String path) {
        return request("GET", path);
    }

    public Socket socket() {
        return socket;
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends nothing more: the server reads end-of-stream after what was sent. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    /** Reads one response to a request that was not HEAD. */
    public RawResponse read() throws IOException {
        return read(false);
    }

    /**
     * Reads one response (an interim 1xx response too: call again for the final one).
     *
     * @param toHead whether it answers a HEAD request, whose response never has a body
     */
    public RawResponse read(boolean toHead) throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length == 3 ? parts[2] : "";
        List<Map.Entry<String, String>> headers = readFields();
        RawResponse head = new RawResponse(parts[0], status, reason, headers, new byte[0], false, List.of());
        if (toHead || status / 100 == 1 || status == 204 || status == 304) return head;
        String te = head.header("transfer-encoding");
        if (te != null) {
            if (!te.equalsIgnoreCase("chunked")) throw new IOException("unexpected Transfer-Encoding: " + te);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Map.Entry<String, String>> trailers = readChunked(body);
            return new RawResponse(parts[0], status, reason, headers, body.toByteArray(), true, trailers);
        }
        String length = head.header("content-length");
        byte[] body = length != null ? readExactly(Long.parseLong(length)) : readToEnd();
        return new RawResponse(parts[0], status, reason, headers, body, false, List.of());
    }

    /** Reads exactly {@code n} bytes of whatever arrives (to consume a body without parsing it). */
    public byte[] readExactly(long n) throws IOException {
        if (n > Integer.MAX_VALUE - 8) throw new IOException("too large for a test: " + n);
        byte[] bytes = in.readNBytes((int) n);
        if (bytes.length < n) throw new EOFException("connection closed after " + bytes.length + " of " + n + " bytes");
        return bytes;
    }

    /** Reads and discards up to {@code n} bytes; returns how many arrived before the end of the stream. */
    public long skip(long n) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long total = 0;
        while (total < n) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n - total));
            if (r < 0) break;
            total += r;
        }
        return total;
    }

    /**
     * Waits up to {@code timeout} for the server to close the connection. True if it did (end of stream or
     * a reset); false if the connection was still open and quiet when the time ran out.
     *
     * @throws AssertionError if bytes arrive instead: the server answered something it should not have
     */
    public boolean closedWithin(Duration timeout) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            int b = in.read();
            if (b < 0) return true;
            byte[] more = new byte[Math.min(in.available(), 200)];
            int n = in.read(more);
            throw new AssertionError("expected the connection to close, but received: "
                    + new String(new byte[]{(byte) b}, StandardCharsets.ISO_8859_1)
                    + new String(more, 0, Math.max(0, n), StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset: closed as well
        } finally {
            if (!socket.isClosed()) socket.setSoTimeout(previous);
        }
    }

    /**
     * Waits up to {@code timeout} for the server to send something, without consuming it: true if bytes are
     * there to read, false if the connection stayed quiet.
     *
     * @throws EOFException if the server closed the connection instead
     */
    public boolean answersWithin(Duration timeout) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            in.mark(1);
            int b = in.read();
            if (b < 0) throw new EOFException("connection closed");
            in.reset();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    /** Waits up to {@code timeout} and confirms nothing arrived and the connection is still open. */
    public boolean quietFor(Duration timeout) throws IOException {
        return !closedWithin(timeout);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // test cleanup
        }
    }

    // ---- parsing -----------------------------------------------------------------------------------------

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(line.size() == 0 ? "connection closed before a response"
                        : "connection closed mid-line: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            if (b == '\r') {
                int lf = in.read();
                if (lf != '\n') throw new IOException("CR not followed by LF");
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') throw new IOException("bare LF in response");
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) throw new IOException("response line too long");
        }
    }

    private List<Map.Entry<String, String>> readFields() throws IOException {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) return fields;
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("malformed header field: " + line);
            fields.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
    }

    private List<Map.Entry<String, String>> readChunked(ByteArrayOutputStream body) throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            long size = Long.parseLong(hex, 16);
            if (size == 0) return readFields();
            body.write(readExactly(size));
            if (!readLine().isEmpty()) throw new IOException("chunk data not followed by CRLF");
        }
    }

    private byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }
}
