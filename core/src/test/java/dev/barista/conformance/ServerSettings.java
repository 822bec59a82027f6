package dev.barista.conformance;

import dev.barista.Server;
import dev.barista.http.HttpLimits;
import dev.barista.model.Model;
import dev.barista.server.Http2Config;
import dev.barista.server.Timeouts;
import dev.barista.server.TlsConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a conformance test server is configured, as {@code key=value} words. Words rather than a builder,
 * because a child JVM gets them as program arguments ({@code ProcessTestServer}): the same words build the
 * same server in this JVM and in a child, and in every process a multi-process model re-runs.
 *
 * <ul>
 *   <li>{@code timeouts=idle,header,body,write,linger} in milliseconds (default 5 s each, linger 200 ms; a loop
 *   turn is reported blocked after 2 s);</li>
 *   <li>{@code limits=requestLine,headerSection,headerCount,body,chunkLine} ({@link HttpLimits});</li>
 *   <li>{@code workers=threads,queue}, {@code maxConnections=n}, {@code maxPipelined=n},
 *   {@code waterMarks=high,low} in bytes;</li>
 *   <li>{@code grace=ms}: the graceful stop's grace (default 5 s);
 *   {@code readinessDelay=ms}: how long a stop keeps serving with {@code /ready} at 503 (default 0);</li>
 *   <li>{@code processes=n}: prefork workers or live connection children (ignored by the models that serve
 *   from one process);</li>
 *   <li>{@code dir=path}: the directory of the {@code /gate} and {@code /file} routes ({@link ConformanceRoutes});</li>
 *   <li>{@code port=n}: the port to listen on (default 0: any free port);</li>
 *   <li>{@code tls=self-signed}: a TLS listener beside it, on any free port, with a certificate made at start;</li>
 *   <li>{@code http2=maxConcurrentStreams,maxResetsPer30s,maxControlFramesPer10s} ({@link Http2Config}).</li>
 * </ul>
 * A later word overrides an earlier one with the same key, so a test can add to its class's settings.
 */
public record ServerSettings(List<String> words) {
    private static final Timeouts DEFAULT_TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(200));

    public ServerSettings {
        words = List.copyOf(words);
        for (String word : words) {
            if (word.indexOf('=') <= 0) throw new IllegalArgumentException("not key=value: " + word);
        }
    }

    public static ServerSettings of(String... words) {
        return new ServerSettings(List.of(words));
    }

    /** These settings, then {@code more}. */
    public ServerSettings with(List<String> more) {
        List<String> all = new ArrayList<>(words);
        all.addAll(more);
        return new ServerSettings(all);
    }

    /** The last value given for {@code key}, or null. */
    public String value(String key) {
        String value = null;
        for (String word : words) {
            if (word.startsWith(key + "=")) value = word.substring(key.length() + 1);
        }
        return value;
    }

    /** The directory of the {@code /gate} and {@code /file} routes, or null. */
    public Path dir() {
        String dir = value("dir");
        return dir == null ? null : Path.of(dir);
    }

    /** A builder for {@code model} on 127.0.0.1, port 0, with the defaults above and then these settings. */
    public Server.Builder builder(Model model) {
        // The blocked-loop watchdog is not under test here (BlockedLoopTest), and a child JVM's output must show no
        // failure: on a machine of two cores shared with other builds, a loop turn that moves tens of megabytes
        // crosses the default half second by itself. Two seconds still catches a loop that really blocks.
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(model)
                .timeouts(DEFAULT_TIMEOUTS).shutdownGrace(Duration.ofSeconds(5))
                .blockedLoopThreshold(Duration.ofSeconds(2));
        for (String word : words) {
            String[] kv = word.split("=", 2);
            switch (kv[0]) {
                case "timeouts" -> {
                    long[] n = numbers(kv[1], 5);
                    builder.timeouts(new Timeouts(Duration.ofMillis(n[0]), Duration.ofMillis(n[1]),
                            Duration.ofMillis(n[2]), Duration.ofMillis(n[3]), Duration.ofMillis(n[4])));
                }
                case "limits" -> {
                    long[] n = numbers(kv[1], 5);
                    builder.limits(new HttpLimits((int) n[0], (int) n[1], (int) n[2], n[3], (int) n[4]));
                }
                case "workers" -> {
                    long[] n = numbers(kv[1], 2);
                    builder.workers((int) n[0], (int) n[1]);
                }
                case "waterMarks" -> {
                    long[] n = numbers(kv[1], 2);
                    builder.waterMarks((int) n[0], (int) n[1]);
                }
                case "maxConnections" -> builder.maxConnections((int) numbers(kv[1], 1)[0]);
                case "maxPipelined" -> builder.maxPipelined((int) numbers(kv[1], 1)[0]);
                case "grace" -> builder.shutdownGrace(Duration.ofMillis(numbers(kv[1], 1)[0]));
                case "readinessDelay" -> builder.readinessDelay(Duration.ofMillis(numbers(kv[1], 1)[0]));
                case "port" -> builder.port((int) numbers(kv[1], 1)[0]);
                case "tls" -> {
                    if (!kv[1].equals("self-signed")) throw new IllegalArgumentException("tls=self-signed only: " + word);
                    builder.tls(TlsConfig.selfSigned().build(), 0);
                }
                case "http2" -> { // maxConcurrentStreams,maxResetsPer30s,maxControlFramesPer10s
                    long[] n = numbers(kv[1], 3);
                    builder.http2(Http2Config.DEFAULTS.withMaxConcurrentStreams((int) n[0])
                            .withMaxResetsPer30s((int) n[1]).withMaxControlFramesPer10s((int) n[2]));
                }
                // A model that serves from one process refuses a process count; these settings are shared by
                // every model a test runs under, so for it the count means nothing.
                case "processes" -> {
                    if (model.multiProcess()) builder.processes((int) numbers(kv[1], 1)[0]);
                }
                case "dir" -> {
                    // read by the routes (dir())
                }
                default -> throw new IllegalArgumentException("unknown setting: " + word);
            }
        }
        return builder;
    }

    private static long[] numbers(String csv, int count) {
        long[] n = Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
        if (n.length != count) throw new IllegalArgumentException("expected " + count + " numbers: " + csv);
        return n;
    }

    @Override
    public String toString() {
        return String.join(" ", words);
    }
}
