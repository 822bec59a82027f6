package dev.barista.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** What a response carries after its head. The transport decides how to move each kind. */
public sealed interface ResponseBody {

    /** The body's length in bytes, or -1 when unknown (sent chunked to HTTP/1.1 clients). */
    long length();

    /** No body. */
    record Empty() implements ResponseBody {
        @Override
        public long length() {
            return 0;
        }
    }

    /** Bytes in memory; the array must not change after the response is built. */
    record Bytes(byte[] array, int offset, int count) implements ResponseBody {
        public Bytes {
            java.util.Objects.checkFromIndexSize(offset, count, array.length);
        }

        @Override
        public long length() {
            return count;
        }
    }

    /**
     * A region of a file, sent with {@code FileChannel.transferTo} (sendfile) and closed when done or
     * when the connection dies.
     */
    record FileRegion(FileChannel channel, long position, long count) implements ResponseBody {
        @Override
        public long length() {
            return count;
        }
    }

    /**
     * A stream, read by a thread that may block (never an event loop) and sent as it is read, with
     * backpressure. Closed when done or when the connection dies.
     *
     * @param length the exact number of bytes the stream yields, or -1 if unknown (then chunked)
     */
    record Stream(InputStream stream, long length) implements ResponseBody {
    }

    /**
     * An object to send as JSON: the server writes it with its {@link dev.barista.handler.JsonMapper} when the
     * handler returns, on the handler's thread, so that it never reaches the wire as such.
     */
    record Entity(Object value) implements ResponseBody {
        @Override
        public long length() {
            return -1;
        }
    }

    ResponseBody EMPTY = new Empty();

    static ResponseBody of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes, 0, bytes.length);
    }

    static ResponseBody of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens the file now (on the calling thread, which may block) and sends all of it. */
    static ResponseBody file(Path path) {
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new FileRegion(channel, 0, channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseBody stream(InputStream stream, long length) {
        return new Stream(stream, length);
    }
}
