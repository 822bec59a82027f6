package dev.barista.bench.metrics;

import dev.barista.handler.Endpoint;
import dev.barista.handler.Route;
import dev.barista.http.Response;
import dev.barista.server.ServerStats;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What the per-request metrics cost on the answering thread: {@link ServerStats#answered} (a clock read,
 * the route's counters and latency histogram, the disabled JFR request event), beside the clock read alone.
 * Run with {@code BENCH=RequestMetricsBenchmark bench/jmh.sh}; {@code -t 2} shows two threads recording at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class RequestMetricsBenchmark {
    private ServerStats stats;
    private Route route;
    private Response response;
    private InetSocketAddress remote;

    @Setup
    public void setUp() {
        stats = new ServerStats();
        route = new Route("GET", "/users/{id}", Endpoint.nonBlocking(r -> Response.text("x")));
        response = Response.text("x");
        remote = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        stats.answered(null, route, response, 1_000_000, remote);
    }

    @Benchmark
    public long clockOnly() {
        return System.nanoTime();
    }

    @Benchmark
    public long answered() {
        long nanos = System.nanoTime() - 1_000_000;
        stats.answered(null, route, response, nanos, remote);
        return nanos;
    }
}
