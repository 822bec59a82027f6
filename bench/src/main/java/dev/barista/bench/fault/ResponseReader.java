package dev.barista.bench.fault;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses from a connection, one at a time, and discards their bodies (Content-Length,
 * chunked, or up to the close). Lenient: it serves a test client, not a user agent.
 */
final class ResponseReader {
    /** One response: its status, whether the server closes after it, and its body's length. */
    record Answer(int status, boolean closes, long bodyBytes) {
    }

    private final InputStream in;
    private final byte[] scratch = new byte[64 * 1024];
    private long received;

    ResponseReader(InputStream in) {
        this.in = new BufferedInputStream(new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) received += n;
                return n;
            }
        }, 64 * 1024);
    }

    /** Bytes read from the connection so far (heads and bodies). */
    long received() {
        return received;
    }

    Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) throw new EOFException("closed before a status line");
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not a status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closes = false;
        for (String header = line(); ; header = line()) {
            if (header == null) throw new EOFException("closed in the response head");
            if (header.isEmpty()) break;
            int colon = header.indexOf(':');
            if (colon < 0) continue;
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.contains("chunked");
                case "connection" -> closes = value.contains("close");
                default -> { }
            }
        }
        long body = 0;
        if (chunked) {
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                skip(size);
                body += size;
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) { }
        } else if (length >= 0) {
            skip(length);
            body = length;
        } else if (closes) {
            for (int n; (n = in.read(scratch)) > 0; ) body += n;
        }
        return new Answer(status, closes, body);
    }

    private long chunkSize() throws IOException {
        String line = line();
        if (line == null) throw new EOFException("closed in a chunked body");
        int semicolon = line.indexOf(';');
        return Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
    }

    private void skip(long bytes) throws IOException {
        while (bytes > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, bytes));
            if (n < 0) throw new EOFException("closed in the body, " + bytes + " bytes short");
            bytes -= n;
        }
    }

    /** A line without its CR LF, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                if (sb.isEmpty()) return null;
                throw new EOFException("closed mid-line");
            }
            if (b == '\n') break;
            if (sb.length() > 16 * 1024) throw new IOException("line too long");
            sb.append((char) b);
        }
        int end = sb.length();
        if (end > 0 && sb.charAt(end - 1) == '\r') sb.setLength(end - 1);
        return sb.toString();
    }
}
