package dev.barista.process;

import java.nio.ByteBuffer;

/**
 * What a prefork master and its workers say to each other over their Unix-domain socket. Each message is
 * one frame: a 4-byte length, a 1-byte type, then the fields in network byte order.
 *
 * <pre>
 *   worker → master   Hello(workerId, pid)   first, so the master knows which worker this socket is
 *                     Ready(port)            listening: the master may count on it (and drain old ones)
 *                     Stats(snapshot)        every half second, and once more just before exiting
 *   master → worker   Stop(graceMillis)      drain for up to graceMillis, report, exit
 * </pre>
 * A worker that sees the socket close knows its master is gone, and stops.
 */
sealed interface IpcMessage {
    int MAX_FRAME = 4096;

    record Hello(long workerId, long pid) implements IpcMessage {
    }

    record Ready(int port) implements IpcMessage {
    }

    record Stats(StatsSnapshot snapshot) implements IpcMessage {
    }

    record Stop(long graceMillis) implements IpcMessage {
    }

    /** The whole frame, length prefix included, ready to write. */
    default ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(MAX_FRAME);
        b.putInt(0); // length, patched below
        switch (this) {
            case Hello h -> b.put((byte) 1).putLong(h.workerId()).putLong(h.pid());
            case Ready r -> b.put((byte) 2).putInt(r.port());
            case Stats s -> {
                long[] values = s.snapshot().toArray();
                b.put((byte) 3).putInt(values.length);
                for (long v : values) b.putLong(v);
            }
            case Stop s -> b.put((byte) 4).putLong(s.graceMillis());
        }
        b.putInt(0, b.position() - 4);
        return b.flip();
    }

    /** Decodes one frame's body (type and fields, without the length prefix). */
    static IpcMessage decode(ByteBuffer body) {
        byte type = body.get();
        return switch (type) {
            case 1 -> new Hello(body.getLong(), body.getLong());
            case 2 -> new Ready(body.getInt());
            case 3 -> {
                int n = body.getInt();
                if (n < 0 || n > 64) throw new IllegalArgumentException("bad stats frame");
                long[] values = new long[n];
                for (int i = 0; i < n; i++) values[i] = body.getLong();
                yield new Stats(StatsSnapshot.fromArray(values));
            }
            case 4 -> new Stop(body.getLong());
            default -> throw new IllegalArgumentException("unknown message type " + type);
        };
    }
}
