package dev.barista.load;

import dev.barista.transport.nio.EventLoop;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The part of a load run that one event loop drives: its connections, its latency histogram and its counters.
 * Everything here belongs to the loop's thread; the few counters other threads read (for the progress line)
 * are volatile and written only by that thread. The run reads the rest after the loop has stopped.
 */
final class LoadLoop {
    /** Connections opened per task, so that opening thousands does not hold the loop for long. */
    private static final int CONNECTS_PER_TASK = 256;
    /** Distinct connect failure messages kept; more are counted under the last. */
    private static final int MAX_FAILURE_REASONS = 16;
    static final long HISTOGRAM_MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    final EventLoop loop;
    final LoadConfig config;
    final EncodedRequest request;
    /** The slow class's requests under a mix (null without one), and this loop's sequence of choices. */
    final RequestMix mix;
    /** Close each connection after its response and connect again (latency from the connect's start). */
    final boolean connectionPerRequest;
    final EncodedRequest[] slowRequests;
    private final java.util.SplittableRandom mixSequence;
    final RunClock clock;
    final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    final long openLoopIntervalNanos;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final long sweepNanos;

    // Measured-window results (loop thread only; read after the loop stopped).
    final Histogram latency = new Histogram(HISTOGRAM_MAX_MICROS, 3);
    long measuredResponses;
    long measuredOk;
    // Under a mix, the same per class (the overall ones above count both).
    final Histogram fastLatency = new Histogram(HISTOGRAM_MAX_MICROS, 3);
    final Histogram slowLatency = new Histogram(HISTOGRAM_MAX_MICROS, 3);
    long measuredSlow;
    long measuredSlowOk;
    final EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    final Map<String, Long> connectFailures = new LinkedHashMap<>();

    // Whole-run totals, warm-up included; volatile for the progress line (one writer: the loop).
    volatile long sent;
    volatile long completed;
    volatile int open;
    volatile long errorCount;
    int maxOpen;
    long serverCloses;

    LoadLoop(EventLoop loop, LoadConfig config, byte[] requestBytes, RunClock clock) {
        this(loop, config, requestBytes, clock, null, List.of(), 0, false);
    }

    LoadLoop(EventLoop loop, LoadConfig config, byte[] requestBytes, RunClock clock, RequestMix mix,
             List<byte[]> slowBytes, int index, boolean connectionPerRequest) {
        this.loop = loop;
        this.connectionPerRequest = connectionPerRequest;
        this.config = config;
        this.request = EncodedRequest.forLoop(requestBytes, config.pipeline());
        this.mix = mix;
        this.slowRequests = slowBytes.stream().map(b -> EncodedRequest.forLoop(b, 1)).toArray(EncodedRequest[]::new);
        this.mixSequence = mix == null ? null : new java.util.SplittableRandom(mix.seed() + index);
        this.clock = clock;
        this.openLoopIntervalNanos = config.openLoop()
                ? (long) (config.connections() * 1e9 / config.rate()) : 0;
        this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(config.timeout().toNanos() / 4,
                TimeUnit.MILLISECONDS.toNanos(250)));
    }

    void add(InetAddress source, InetAddress target, long firstSendOffsetNanos) {
        connections.add(new LoadConnection(this, source, target, firstSendOffsetNanos));
    }

    /** Opens the connections, a batch per task; then sweeps for timeouts until the run ends. Any thread. */
    void start() {
        loop.execute(() -> connectFrom(0));
        loop.execute(this::scheduleSweep);
    }

    private void connectFrom(int from) {
        assert loop.inLoop();
        int to = Math.min(connections.size(), from + CONNECTS_PER_TASK);
        for (int i = from; i < to; i++) connections.get(i).connect();
        if (to < connections.size()) loop.execute(() -> connectFrom(to));
    }

    private void scheduleSweep() {
        loop.schedule(sweepNanos, TimeUnit.NANOSECONDS, this::sweep);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (LoadConnection c : connections) c.checkTimeout(now);
        if (!clock.finished(now)) scheduleSweep();
    }

    /** Closes every connection: the run is over. Loop thread only. */
    void closeAll() {
        assert loop.inLoop();
        for (LoadConnection c : connections) c.close();
    }

    /** Requests written and not yet answered, over this loop's connections. Loop thread only. */
    long inFlight() {
        long n = 0;
        for (LoadConnection c : connections) n += c.inFlight();
        return n;
    }

    /** Connections not established now. Loop thread only. */
    int unconnected() {
        int n = 0;
        for (LoadConnection c : connections) if (c.unconnected()) n++;
        return n;
    }

    /** The server closed a connection (Connection: close, or an end of stream). */
    void serverClosed() {
        serverCloses++;
    }

    void opened() {
        open = open + 1;
        if (open > maxOpen) maxOpen = open;
    }

    void closed() {
        open = open - 1;
    }

    void sentRequests(int n) {
        sent = sent + n;
    }

    /** Under a mix, which request to send next: -1 the fast one, else a slow one's index. Loop thread only. */
    int nextRequest() {
        return mix == null ? -1 : mix.next(mixSequence);
    }

    /** A complete response; {@code latencyNanos} from the (intended, under an open loop) send time. */
    void response(long now, long latencyNanos, int status) {
        response(now, latencyNanos, status, false);
    }

    /** A complete response of the fast or ({@code slow}) the slow class. */
    void response(long now, long latencyNanos, int status, boolean slow) {
        completed = completed + 1;
        if (status >= 400) error(status >= 500 ? ErrorKind.STATUS_5XX : ErrorKind.STATUS_4XX);
        if (!clock.measuring(now)) return;
        measuredResponses++;
        if (slow) measuredSlow++;
        if (status >= 400) return;
        // Latency is that of successful responses: a fast 503 from a full queue is an error, not a fast answer.
        measuredOk++;
        long micros = Math.min(Math.max(0, latencyNanos / 1000), HISTOGRAM_MAX_MICROS);
        latency.recordValue(micros);
        if (mix == null) return;
        if (slow) {
            measuredSlowOk++;
            slowLatency.recordValue(micros);
        } else {
            fastLatency.recordValue(micros);
        }
    }

    /** Errors count over the whole run, warm-up included: a connection refused at the start is the story. */
    void error(ErrorKind kind) {
        errorCount = errorCount + 1;
        errors.merge(kind, 1L, Long::sum);
    }

    void connectFailure(String reason) {
        error(ErrorKind.CONNECT);
        String key = connectFailures.size() < MAX_FAILURE_REASONS || connectFailures.containsKey(reason)
                ? reason : "other";
        connectFailures.merge(key, 1L, Long::sum);
    }
}
