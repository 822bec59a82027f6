package dev.barista.process;

import dev.barista.server.ServerSnapshot;

import java.nio.ByteBuffer;

/**
 * What a prefork master and its workers say to each other over their Unix-domain socket. Each message is
 * one frame: a 4-byte length, a 1-byte type, then the fields in network byte order.
 *
 * <pre>
 *   worker → master   Hello(workerId, pid)       first, so the master knows which worker this socket is
 *                     Ready(port)                listening: the master may count on it (and drain old ones)
 *                     Stats(snapshot)            every half second, and once more just before exiting
 *                     StatsQuery(id, snapshot)   "the whole server's snapshot, please; mine is this, now"
 *   master → worker   Stop(graceMillis)          drain for up to graceMillis, report, exit
 *                     StatsAnswer(id, snapshot)  the whole server, answering the query {@code id}
 * </pre>
 * A worker that sees the socket close knows its master is gone, and stops.
 */
sealed interface IpcMessage {
    /** Room for a snapshot with a few hundred routes' traffic (each about 200 bytes). */
    int MAX_FRAME = 64 * 1024;

    record Hello(long workerId, long pid) implements IpcMessage {
    }

    record Ready(int port) implements IpcMessage {
    }

    /** The worker's own snapshot (its share of the server). */
    record Stats(ServerSnapshot snapshot) implements IpcMessage {
    }

    record Stop(long graceMillis) implements IpcMessage {
    }

    /** Asks for the whole server; carries the asker's fresh snapshot so that its share is exact. */
    record StatsQuery(long id, ServerSnapshot asker) implements IpcMessage {
    }

    record StatsAnswer(long id, ServerSnapshot whole) implements IpcMessage {
    }

    /** The whole frame, length prefix included, ready to write. */
    default ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(MAX_FRAME);
        b.putInt(0); // length, patched below
        switch (this) {
            case Hello h -> b.put((byte) 1).putLong(h.workerId()).putLong(h.pid());
            case Ready r -> b.put((byte) 2).putInt(r.port());
            case Stats s -> SnapshotCodec.write(b.put((byte) 3), s.snapshot());
            case Stop s -> b.put((byte) 4).putLong(s.graceMillis());
            case StatsQuery q -> SnapshotCodec.write(b.put((byte) 5).putLong(q.id()), q.asker());
            case StatsAnswer a -> SnapshotCodec.write(b.put((byte) 6).putLong(a.id()), a.whole());
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
            case 3 -> new Stats(SnapshotCodec.read(body));
            case 4 -> new Stop(body.getLong());
            case 5 -> new StatsQuery(body.getLong(), SnapshotCodec.read(body));
            case 6 -> new StatsAnswer(body.getLong(), SnapshotCodec.read(body));
            default -> throw new IllegalArgumentException("unknown message type " + type);
        };
    }
}
