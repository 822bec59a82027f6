package dev.barista.server;

import dev.barista.handler.ExchangeListener;
import dev.barista.handler.Route;
import dev.barista.http.RequestHead;
import dev.barista.http.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One line per answered request, written off the hot path: the thread answering a request only offers an
 * {@link Entry} to a bounded queue (never blocking: when the queue is full the line is dropped and counted),
 * and one writer thread formats and writes them in batches, each batch one {@code write} of whole lines (so
 * several prefork workers appending to one file do not interleave within a line).
 *
 * <p>Formats: {@link Format#TEXT} is the Common Log Format with the latency in seconds and the route pattern
 * appended; {@link Format#JSON} is one JSON object per line.
 */
public final class AccessLog implements AutoCloseable, ExchangeListener {
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final int BATCH = 512;
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    public enum Format { TEXT, JSON }

    /**
     * One answered request, as captured by the answering thread (no formatting there).
     *
     * @param remote the client's address, or null if unknown
     * @param method null (and target, version too) for a message that could not be parsed
     * @param bytes  the response body's length, -1 when streamed with no known length
     * @param route  the route pattern, or {@link RouteMetrics#UNMATCHED}
     */
    public record Entry(long epochMillis, SocketAddress remote, String method, String target, String version,
                        int status, long bytes, long durationNanos, String route) {
    }

    private final BlockingQueue<Entry> queue;
    private final OutputStream out;
    private final boolean closeOut;
    private final Format format;
    private final Thread writer;
    private final LongAdder written = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean running = true;

    /**
     * @param out      where lines go (a file opened for appending, or standard output)
     * @param closeOut whether {@link #close} closes {@code out}
     * @param capacity entries that may wait for the writer; beyond it lines are dropped
     */
    public AccessLog(OutputStream out, boolean closeOut, Format format, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.out = out;
        this.closeOut = closeOut;
        this.format = format;
        this.writer = Thread.ofPlatform().name("barista-access-log").daemon(true).start(this::drain);
    }

    /** As a listener: one line for the answer, captured now and formatted by the writer thread. */
    @Override
    public void answered(RequestHead head, Route route, Response response, long nanos, InetSocketAddress remote) {
        offer(new Entry(System.currentTimeMillis(), remote, head == null ? null : head.method(),
                head == null ? null : head.target(), head == null ? null : head.version().toString(),
                response.status(), response.body().length(), nanos,
                route == null ? RouteMetrics.UNMATCHED : route.pattern()));
    }

    /** Queues a line; never blocks. Returns false (and counts a drop) when the queue is full. */
    public boolean offer(Entry entry) {
        if (queue.offer(entry)) return true;
        dropped.increment();
        return false;
    }

    /** Lines written so far. */
    public long written() {
        return written.sum();
    }

    /** Lines dropped because the writer could not keep up. */
    public long dropped() {
        return dropped.sum();
    }

    /** Writes what is queued (waiting up to a second for the writer), then stops the writer. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!queue.isEmpty() && System.nanoTime() - deadline < 0) Thread.onSpinWait();
        running = false;
        writer.interrupt();
        try {
            writer.join(1000);
            out.flush();
            if (closeOut) out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "access log: " + e.getMessage());
        }
    }

    private void drain() {
        List<Entry> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder(BATCH * 128);
        while (running || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
            } catch (InterruptedException e) {
                if (!running && queue.isEmpty()) return;
                continue;
            }
            queue.drainTo(batch, BATCH - 1);
            text.setLength(0);
            for (Entry e : batch) {
                if (format == Format.JSON) json(text, e);
                else clf(text, e);
                text.append('\n');
            }
            try {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                if (queue.isEmpty()) out.flush();
                written.add(batch.size());
            } catch (IOException e) {
                dropped.add(batch.size());
                LOG.log(System.Logger.Level.WARNING, "access log write failed: " + e.getMessage());
            }
            batch.clear();
        }
    }

    static void clf(StringBuilder b, Entry e) {
        b.append(host(e.remote())).append(" - - [").append(CLF_TIME.format(Instant.ofEpochMilli(e.epochMillis())))
                .append("] \"");
        if (e.method() == null) b.append('-');
        else b.append(e.method()).append(' ').append(printable(e.target())).append(' ').append(e.version());
        b.append("\" ").append(e.status()).append(' ').append(e.bytes() < 0 ? "-" : Long.toString(e.bytes()))
                .append(' ').append(String.format(Locale.ROOT, "%.6f", e.durationNanos() / 1e9))
                .append(" \"").append(printable(e.route())).append('"');
    }

    static void json(StringBuilder b, Entry e) {
        b.append("{\"time\":\"").append(Instant.ofEpochMilli(e.epochMillis())).append('"');
        b.append(",\"remote\":");
        string(b, host(e.remote()));
        b.append(",\"method\":");
        string(b, e.method());
        b.append(",\"target\":");
        string(b, e.target());
        b.append(",\"version\":");
        string(b, e.version());
        b.append(",\"status\":").append(e.status());
        b.append(",\"bytes\":").append(e.bytes());
        b.append(",\"duration_ms\":").append(String.format(Locale.ROOT, "%.3f", e.durationNanos() / 1e6));
        b.append(",\"route\":");
        string(b, e.route());
        b.append('}');
    }

    private static String host(SocketAddress a) {
        if (a instanceof InetSocketAddress i) return i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
        return a == null ? "-" : a.toString();
    }

    /** A request target as the client sent it, with quotes and control bytes escaped (no log injection). */
    private static String printable(String s) {
        if (s == null) return "-";
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
                if (b != null) b.append(c);
                continue;
            }
            if (b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            b.append(String.format("\\x%02x", (int) c));
        }
        return b == null ? s : b.toString();
    }

    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
