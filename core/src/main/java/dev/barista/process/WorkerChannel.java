package dev.barista.process;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One end of a Unix-domain socket between a parent process and one of its children (a prefork master and a
 * worker; a process-per-connection parent and a child asking or reporting), carrying {@link IpcMessage}
 * frames.
 *
 * <p>One thread reads ({@link #receive}) while others send: the channel's own reads and writes do not block
 * each other (the {@code Channels.newInputStream} adaptors would: they share the blocking lock). Sends are
 * serialized so that frames never interleave.
 */
final class WorkerChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(4);
    private final Object sendLock = new Object();

    WorkerChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /** A worker's side: connects to its master. */
    static WorkerChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new WorkerChannel(ch);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    void send(IpcMessage message) throws IOException {
        ByteBuffer frame = message.encode();
        synchronized (sendLock) {
            while (frame.hasRemaining()) channel.write(frame);
        }
    }

    /** The next message; blocks. Throws {@link EOFException} when the other side closed. Reader thread only. */
    IpcMessage receive() throws IOException {
        header.clear();
        readFully(header);
        int length = header.getInt(0);
        if (length < 1 || length > IpcMessage.MAX_FRAME) throw new IOException("bad frame length " + length);
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body);
        try {
            return IpcMessage.decode(body.flip());
        } catch (RuntimeException e) {
            throw new IOException("bad frame: " + e.getMessage(), e);
        }
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) throw new EOFException("peer closed the channel");
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // releasing only
        }
    }
}
