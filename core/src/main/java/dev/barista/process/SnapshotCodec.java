package dev.barista.process;

import dev.barista.server.DurationHistogram;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.StatsSnapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@link ServerSnapshot} in an IPC frame: fixed fields in network byte order, a presence byte before each
 * section a model may not have. Both ends run the same program, so there is no versioning: a worker and its
 * master always agree on the layout.
 */
final class SnapshotCodec {
    private static final int MAX_MODEL_NAME = 64;

    private SnapshotCodec() {
    }

    static void write(ByteBuffer b, ServerSnapshot s) {
        byte[] model = s.model().getBytes(StandardCharsets.UTF_8);
        if (model.length > MAX_MODEL_NAME) throw new IllegalArgumentException("model name too long");
        b.put((byte) model.length).put(model).put((byte) (s.partial() ? 1 : 0)).putInt(s.processes());
        writeCounters(b, s.counters());
        ServerSnapshot.Threads t = s.threads();
        b.putInt(t.platform()).putInt(t.platformPeak()).putInt(t.platformDaemon()).putInt(t.virtualLive())
                .putLong(t.virtualStarted());
        optional(b, t.carriers(), (out, c) -> out.putInt(c.parallelism()).putInt(c.poolSize()).putInt(c.mounted())
                .putLong(c.queued()));
        optional(b, s.eventLoops(), (out, l) -> {
            out.putInt(l.count()).putLong(l.blockedTurns()).putLong(l.tasksRun()).putLong(l.busyNanos())
                    .putDouble(l.utilization());
            writeHistogram(out, l.lag());
        });
        optional(b, s.workerPool(), (out, p) -> out.putInt(p.threads()).putInt(p.active()).putInt(p.queued())
                .putLong(p.rejected()).putLong(p.completed()));
        optional(b, s.prefork(), (out, p) -> out.putInt(p.workers()).putInt(p.ready()).putInt(p.restarts())
                .putInt(p.reloads()));
        optional(b, s.children(), (out, c) -> out.putInt(c.live()).putInt(c.max()).putLong(c.started())
                .putLong(c.exited()).putDouble(c.meanLifetimeMillis()));
        optional(b, s.traffic(), SnapshotCodec::writeTraffic);
        optional(b, s.memory(), (out, m) -> out.putLong(m.budgetBytes()).putLong(m.usedBytes()).putLong(m.refusals()));
    }

    static ServerSnapshot read(ByteBuffer b) {
        int nameLength = b.get();
        if (nameLength < 0 || nameLength > MAX_MODEL_NAME) throw new IllegalArgumentException("bad model name");
        byte[] name = new byte[nameLength];
        b.get(name);
        boolean partial = b.get() != 0;
        int processes = b.getInt();
        StatsSnapshot counters = readCounters(b);
        int platform = b.getInt();
        int peak = b.getInt();
        int daemon = b.getInt();
        int virtualLive = b.getInt();
        long virtualStarted = b.getLong();
        ServerSnapshot.Carriers carriers = optional(b, in -> new ServerSnapshot.Carriers(in.getInt(), in.getInt(),
                in.getInt(), in.getLong()));
        ServerSnapshot.Threads threads = new ServerSnapshot.Threads(platform, peak, daemon, virtualLive,
                virtualStarted, carriers);
        return new ServerSnapshot(new String(name, StandardCharsets.UTF_8), partial, processes, counters, threads,
                optional(b, in -> new ServerSnapshot.Loops(in.getInt(), in.getLong(), in.getLong(), in.getLong(),
                        in.getDouble(), readHistogram(in))),
                optional(b, in -> new ServerSnapshot.Pool(in.getInt(), in.getInt(), in.getInt(), in.getLong(),
                        in.getLong())),
                optional(b, in -> new ServerSnapshot.Prefork(in.getInt(), in.getInt(), in.getInt(), in.getInt())),
                optional(b, in -> new ServerSnapshot.Children(in.getInt(), in.getInt(), in.getLong(), in.getLong(),
                        in.getDouble())),
                optional(b, SnapshotCodec::readTraffic),
                optional(b, in -> new ServerSnapshot.Memory(in.getLong(), in.getLong(), in.getLong())));
    }

    /**
     * Routes (bounded by the routes registered, plus one unmatched row) and close reasons. A frame has room
     * for a few hundred routes; a server with more would need a larger IPC frame.
     */
    private static void writeTraffic(ByteBuffer b, ServerSnapshot.Traffic t) {
        b.putShort((short) t.routes().size());
        for (ServerSnapshot.RouteTraffic r : t.routes()) {
            writeString(b, r.method());
            writeString(b, r.route());
            b.put((byte) r.responses().size());
            r.responses().forEach((statusClass, count) -> {
                writeString(b, statusClass);
                b.putLong(count);
            });
            writeHistogram(b, r.duration());
        }
        b.put((byte) t.closes().size());
        t.closes().forEach((reason, count) -> {
            writeString(b, reason);
            b.putLong(count);
        });
        b.putLong(t.accessLogLines()).putLong(t.accessLogDropped());
    }

    private static ServerSnapshot.Traffic readTraffic(ByteBuffer b) {
        int routes = b.getShort();
        List<ServerSnapshot.RouteTraffic> list = new ArrayList<>(routes);
        for (int i = 0; i < routes; i++) {
            String method = readString(b);
            String route = readString(b);
            int classes = b.get();
            Map<String, Long> responses = new LinkedHashMap<>();
            for (int c = 0; c < classes; c++) responses.put(readString(b), b.getLong());
            list.add(new ServerSnapshot.RouteTraffic(method, route, responses, readHistogram(b)));
        }
        int reasons = b.get();
        Map<String, Long> closes = new LinkedHashMap<>();
        for (int i = 0; i < reasons; i++) closes.put(readString(b), b.getLong());
        return new ServerSnapshot.Traffic(list, closes, b.getLong(), b.getLong());
    }

    private static void writeHistogram(ByteBuffer b, DurationHistogram.Snapshot h) {
        for (long c : h.counts()) b.putLong(c);
        b.putLong(h.sumNanos());
    }

    private static DurationHistogram.Snapshot readHistogram(ByteBuffer b) {
        long[] counts = new long[DurationHistogram.BOUNDS_NANOS.length + 1];
        for (int i = 0; i < counts.length; i++) counts[i] = b.getLong();
        return new DurationHistogram.Snapshot(counts, b.getLong());
    }

    private static void writeString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) throw new IllegalArgumentException("string too long for a snapshot");
        b.putShort((short) bytes.length).put(bytes);
    }

    private static String readString(ByteBuffer b) {
        int n = b.getShort();
        if (n < 0) throw new IllegalArgumentException("bad string length");
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeCounters(ByteBuffer b, StatsSnapshot c) {
        b.putLong(c.openConnections()).putLong(c.acceptedConnections()).putLong(c.refusedConnections())
                .putLong(c.requests()).putLong(c.badRequests()).putLong(c.handlerErrors()).putLong(c.rejectedWork())
                .putLong(c.timeouts());
    }

    private static StatsSnapshot readCounters(ByteBuffer b) {
        return new StatsSnapshot(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(),
                b.getLong(), b.getLong());
    }

    private static <T> void optional(ByteBuffer b, T section, BiConsumer<ByteBuffer, T> writer) {
        b.put((byte) (section == null ? 0 : 1));
        if (section != null) writer.accept(b, section);
    }

    private static <T> T optional(ByteBuffer b, Function<ByteBuffer, T> reader) {
        return b.get() == 0 ? null : reader.apply(b);
    }
}
