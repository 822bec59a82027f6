package dev.barista.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 GET client for the process tests: one connection, kept alive between requests. Like
 * every real client (RFC 9112 section 9.3.1), it retries an idempotent request once on a new connection when
 * a reused keep-alive connection fails before any byte of the answer came: the server may close an idle
 * connection at any moment (a graceful stop does), and that is not a failed request. Any other failure is.
 */
final class HttpProbe implements AutoCloseable {
    record Answer(int status, String body) {
    }

    private final int port;
    private Socket socket;
    private int used;
    /** Requests retried after a stale keep-alive connection. */
    int retries;

    HttpProbe(int port) {
        this.port = port;
    }

    /** One GET on a new connection that is closed after the answer. */
    static Answer once(int port, String path) throws IOException {
        try (HttpProbe probe = new HttpProbe(port)) {
            return probe.get(path, true);
        }
    }

    Answer get(String path) throws IOException {
        return get(path, false);
    }

    Answer get(String path, boolean close) throws IOException {
        boolean reused = socket != null && used > 0;
        try {
            return exchange(path, close);
        } catch (StaleConnection e) {
            if (!reused) throw new IOException("fresh connection closed before an answer", e);
            retries++;
            return exchange(path, close);
        }
    }

    private Answer exchange(String path, boolean close) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            used = 0;
        }
        used++;
        InputStream in;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (close ? "Connection: close\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = socket.getInputStream();
            int first = in.read();
            if (first < 0) throw new StaleConnection();
            return readAnswer(first, in, close);
        } catch (StaleConnection e) {
            closeSocket();
            throw e;
        } catch (java.net.SocketException e) {
            // reset while sending or before the first byte: the same as a close before the answer
            closeSocket();
            if (e.getMessage() != null && e.getMessage().contains("reset")) throw new StaleConnection();
            throw e;
        }
    }

    private Answer readAnswer(int first, InputStream in, boolean close) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed inside a response head");
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        int length = 0;
        boolean serverCloses = close;
        for (String line : lines) {
            String lower = line.toLowerCase();
            if (lower.startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
            if (lower.startsWith("connection:") && lower.contains("close")) serverCloses = true;
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) throw new IOException("connection closed inside a response body");
        if (serverCloses) closeSocket();
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream b) {
        byte[] a = b.toByteArray();
        int n = a.length;
        return n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n';
    }

    private void closeSocket() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // releasing only
        }
        socket = null;
    }

    @Override
    public void close() {
        closeSocket();
    }

    private static final class StaleConnection extends IOException {
        StaleConnection() {
            super("connection closed before any byte of the answer");
        }
    }
}
