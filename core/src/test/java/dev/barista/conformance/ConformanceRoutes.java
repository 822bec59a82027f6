package dev.barista.conformance;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpException;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The one route set of the conformance tests, served alike by a server in the test JVM and by {@code
 * ProcessTestServer} in a child JVM (and every process a multi-process model re-runs it in), so that the two
 * cannot drift. Bodies come from fixed seeds and patterns, the same in every process, so a test can compare
 * every byte whichever process answered.
 *
 * <p>Non-blocking ({@code nb}) routes run on an event loop where the model has one; the others may block.
 * <pre>
 * GET  /                    nb  "ok"                    GET  /hello            nb  "hello"
 * GET  /ready               nb  200, or 503 once a stop began
 * GET  /pid                 nb  the serving process     GET  /connection       nb  the client's address and port
 * GET  /slow?ms=            sleeps, "slow pid"          GET  /bye                  asks to close: "bye"
 * GET  /n/{i}               nb  "n" + i                 GET  /b/{i}                sleeps 0-7 ms, "b" + i
 * GET  /s/{i}               nb  ("s" + i) x 5000, streamed (chunked)
 * POST /echo                nb  the body back; X-Trailer-Count, and X-Got-Checksum from the trailers
 * POST /count                   the body's length, read as a stream while it arrives (a streaming route)
 * GET  /stream/unknown      nb  {@link #streamBody()} streamed, length unknown (chunked)
 * GET  /stream/known        nb  the same with its length
 * GET  /stream/blocking         the same as /stream/unknown, from a handler that may block
 * GET  /stream/short        nb  the same, announcing one byte more than it has
 * GET  /stream/fails        nb  50,000 bytes of a stream of unknown length, then the stream fails
 * GET  /large/bytes         nb  {@link #largeBody()}    GET  /large/stream     nb  it streamed, length unknown
 * GET  /large/stream-known  nb  it streamed with its length
 * GET  /file                    it from a file in the settings' dir
 * GET  /bytes/{n}           nb  {@link #bytes(int)}
 * GET  /throw               nb  throws (500)            GET  /throw-blocking       throws an IOException (500)
 * GET  /teapot              nb  HttpException 418       GET  /conflict             HttpException 409
 * GET  /gate/{key}/{i}          holds until released: see {@link Gate}
 * </pre>
 * A failure the routes cause on purpose carries {@link #EXPECTED_FAILURE} in its message, so that a server's
 * log can be searched for the other kind.
 */
public final class ConformanceRoutes {
    /** In the message of every exception the routes throw on purpose. */
    public static final String EXPECTED_FAILURE = "(expected by the test)";
    private static final Pattern GATE_NAME = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Duration GATE_WAIT = Duration.ofSeconds(20);
    /** The file {@code /file} sends, per directory: written by the first request in each process. */
    private static final Map<Path, Path> LARGE_FILES = new ConcurrentHashMap<>();
    private static final Map<Integer, byte[]> SHARED_BYTES = new ConcurrentHashMap<>();

    private ConformanceRoutes() {
    }

    /** Adds the routes (and what {@code /ready} needs) to {@code builder}; {@code settings} gives their directory. */
    public static Server.Builder addTo(Server.Builder builder, ServerSettings settings) {
        Path dir = settings.dir();
        AtomicReference<Server> serving = new AtomicReference<>();
        return builder.onStart(serving::set)
                .get("/", Endpoint.nonBlocking(r -> Response.text("ok")))
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello")))
                .get("/ready", Endpoint.nonBlocking(r -> serving.get().isReady() ? Response.text("ready")
                        : Response.error(503, "Stopping")))
                .get("/pid", Endpoint.nonBlocking(r -> Response.text(Long.toString(ProcessHandle.current().pid()))))
                .get("/connection", Endpoint.nonBlocking(r -> Response.text(r.remoteAddress().toString())))
                .get("/slow", r -> {
                    Thread.sleep(Long.parseLong(r.queryParam("ms")));
                    return Response.text("slow " + ProcessHandle.current().pid());
                })
                .get("/bye", r -> Response.status(200).closeConnection().body("bye"))
                .get("/n/{i}", Endpoint.nonBlocking(r -> Response.text("n" + r.pathParam("i"))))
                .get("/b/{i}", r -> {
                    // Blocking handlers finish in a random order: pipelined, later requests often finish first.
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 8));
                    return Response.text("b" + r.pathParam("i"));
                })
                .get("/s/{i}", Endpoint.nonBlocking(r -> Response.status(200).body(ResponseBody.stream(
                        new ByteArrayInputStream(streamed(r.pathParam("i"))), -1))))
                .post("/count", Endpoint.streaming(r -> {
                    long n = 0;
                    try (java.io.InputStream in = r.body().asStream()) {
                        byte[] buffer = new byte[8192];
                        for (int k; (k = in.read(buffer)) > 0; ) n += k;
                    }
                    return Response.text(Long.toString(n));
                }))
                .post("/echo", Endpoint.nonBlocking(r -> {
                    Response.Builder b = Response.status(200).contentType("application/octet-stream");
                    if (r.trailers().get("x-checksum") != null) b.header("X-Got-Checksum", r.trailers().get("x-checksum"));
                    return b.header("X-Trailer-Count", String.valueOf(r.trailers().size())).body(r.body().bytes());
                }))
                .get("/stream/unknown", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.STREAM), -1))))
                .get("/stream/known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.STREAM), Bodies.STREAM.length))))
                .get("/stream/blocking", r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.STREAM), -1)))
                .get("/stream/short", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.STREAM), Bodies.STREAM.length + 1))))
                .get("/stream/fails", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new FailingStream(50_000), -1))))
                // Trailers after the body: fixed bytes, a stream whose supplier reads what the stream counted (as a
                // checksum or gRPC's status would), a large body, an empty one, and fields a trailer may not carry.
                .get("/trailers/bytes", Endpoint.nonBlocking(r -> Response.status(200).header("Trailer", "x-checksum")
                        .trailers(() -> Map.of("X-Checksum", "sum-5")).body("hello")))
                .get("/trailers/stream", Endpoint.nonBlocking(r -> {
                    CountingStream counted = new CountingStream(Bodies.STREAM);
                    return Response.status(200).trailers(() -> Map.of("x-count", Long.toString(counted.count)))
                            .body(ResponseBody.stream(counted, -1));
                }))
                .get("/trailers/large", Endpoint.nonBlocking(r -> Response.status(200)
                        .trailers(() -> Map.of("grpc-status", "0")).body(Bodies.LARGE)))
                .get("/trailers/empty", Endpoint.nonBlocking(r -> Response.status(200)
                        .trailers(() -> Map.of("grpc-status", "0", "grpc-message", "done")).build()))
                .get("/trailers/forbidden", Endpoint.nonBlocking(r -> Response.status(200)
                        .trailers(() -> Map.of("content-length", "1", "x-ok", "yes", "bad name", "x")).body("ok")))
                .get("/large/bytes", Endpoint.nonBlocking(r -> Response.status(200).body(Bodies.LARGE)))
                .get("/large/stream", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.LARGE), -1))))
                .get("/large/stream-known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(Bodies.LARGE), Bodies.LARGE.length))))
                .get("/file", r -> dir == null ? Response.status(400).body("no directory")
                        : Response.status(200).contentType("application/octet-stream").body(ResponseBody.file(largeFile(dir))))
                .get("/bytes/{n}", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(sharedBytes(Integer.parseInt(r.pathParam("n"))))))
                .get("/throw", Endpoint.nonBlocking(r -> {
                    throw new IllegalStateException("handler bug " + EXPECTED_FAILURE);
                }))
                .get("/throw-blocking", r -> {
                    throw new IOException("database down " + EXPECTED_FAILURE);
                })
                .get("/teapot", Endpoint.nonBlocking(r -> {
                    throw new HttpException(418, "no coffee here");
                }))
                .get("/conflict", r -> {
                    throw new HttpException(409, "already exists");
                })
                .get("/gate/{key}/{i}", r -> {
                    // Files, not a latch: the handler may run in any process of the server.
                    String key = r.pathParam("key");
                    String i = r.pathParam("i");
                    if (dir == null || !GATE_NAME.matcher(key).matches() || !GATE_NAME.matcher(i).matches()) {
                        return Response.status(400).body("no gate directory, or a bad key");
                    }
                    Files.createFile(dir.resolve("entered-" + key + "-" + i));
                    long deadline = System.nanoTime() + GATE_WAIT.toNanos();
                    while (!Files.exists(dir.resolve("release-" + key))) {
                        if (System.nanoTime() - deadline > 0) throw new IllegalStateException("gate never released");
                        Thread.sleep(5);
                    }
                    return Response.text("done" + i);
                });
    }

    /** What {@code /stream/...} sends: 100,000 bytes, the same in every process. */
    public static byte[] streamBody() {
        return Bodies.STREAM.clone();
    }

    /** What {@code /large/...} and {@code /file} send: 6 MiB, the same in every process. */
    public static byte[] largeBody() {
        return Bodies.LARGE.clone();
    }

    /** What {@code /s/{i}} sends. */
    public static byte[] streamed(String i) {
        return ("s" + i).repeat(5000).getBytes(StandardCharsets.US_ASCII);
    }

    /** What {@code /bytes/{n}} sends: n bytes of a fixed pattern. */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + i / 251);
        return b;
    }

    /**
     * {@link #bytes} made once per size and process, shared by every response (which never changes a body): the
     * route runs on an event loop, and making megabytes for each of twenty pipelined requests in one turn would
     * be the kind of turn the blocked-loop watchdog reports.
     */
    private static byte[] sharedBytes(int n) {
        return SHARED_BYTES.computeIfAbsent(n, ConformanceRoutes::bytes);
    }

    private static Path largeFile(Path dir) {
        // One file per process (a temporary name), so that processes sharing the directory never write the same file.
        return LARGE_FILES.computeIfAbsent(dir, d -> {
            try {
                Path file = Files.createTempFile(d, "large-", ".bin");
                Files.write(file, Bodies.LARGE);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Made on first use: a connection child that never sends them should not pay for them. */
    private static final class Bodies {
        static final byte[] STREAM = random(100_000, 1);
        static final byte[] LARGE = random(6 * 1024 * 1024, 2);

        private static byte[] random(int n, long seed) {
            byte[] bytes = new byte[n];
            new Random(seed).nextBytes(bytes);
            return bytes;
        }
    }

    /** Yields {@code good} bytes, then fails like a broken disk or upstream. */
    /** A body that counts what was read of it, for a trailer decided after the body. */
    static final class CountingStream extends ByteArrayInputStream {
        volatile long count;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }

    private static final class FailingStream extends InputStream {
        private int left;

        FailingStream(int good) {
            this.left = good;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) throw new IOException("source failed " + EXPECTED_FAILURE);
            int n = Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 'x');
            left -= n;
            return n;
        }
    }
}
