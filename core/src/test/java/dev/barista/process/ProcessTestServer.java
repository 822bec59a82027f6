package dev.barista.process;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpLimits;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.server.Timeouts;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The program the process tests run in a JVM of its own: a multi-process model re-runs it in each child,
 * so it must be a real main, not a test method. Prints {@code READY <port>} once serving; stops on SIGTERM.
 *
 * <p>Arguments: model name, processes (0: the model's default), then any of these settings as
 * {@code key=value} (every child gets the same arguments, so it builds the same server):
 * <ul>
 *   <li>{@code timeouts=idle,header,body,write,linger} in milliseconds (default 5 s each, linger 200 ms);</li>
 *   <li>{@code limits=requestLine,headerSection,headerCount,body,chunkLine} ({@link HttpLimits});</li>
 *   <li>{@code workers=threads,queue}, {@code maxConnections=n}, {@code maxPipelined=n};</li>
 *   <li>{@code grace=ms}: the graceful stop's grace (default 5 s);</li>
 *   <li>{@code readinessDelay=ms}: how long a stop keeps serving with {@code /ready} at 503 (default 0);</li>
 *   <li>{@code gate=dir}: the directory of the {@code /gate} route's files;</li>
 *   <li>{@code port=n}: the port to listen on (default 0: any free port).</li>
 * </ul>
 *
 * <p>Routes: {@code /hello}, {@code /ready} (503 once a stop began), {@code /pid}, {@code /slow?ms=}, {@code /n/{i}} (non-blocking), {@code /b/{i}}
 * (blocking, sleeps 0-7 ms so that pipelined answers finish out of order), {@code /bye} (asks to close),
 * {@code POST /echo} (the body back, with the trailers it saw), {@code /stream/unknown} and {@code
 * /stream/known} ({@link #streamBody()} streamed, chunked or with its length), {@code /bytes/{n}} ({@link
 * #bytes(int)}), and {@code /gate/{key}/{i}}: a blocking handler that creates the file {@code entered-key-i}
 * in the gate directory, then waits (at most 20 s) until a file {@code release-key} exists there, and
 * answers {@code done<i>}. Files, because a handler may run in any process of the server.
 */
public final class ProcessTestServer {
    private static final Pattern GATE_NAME = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Duration GATE_WAIT = Duration.ofSeconds(20);

    private ProcessTestServer() {
    }

    public static void main(String[] args) throws Exception {
        Server.Builder builder = Server.builder().host("127.0.0.1").port(0).model(args[0])
                .timeouts(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofMillis(200)))
                .shutdownGrace(Duration.ofSeconds(5));
        Path gate = null;
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("not key=value: " + args[i]);
            long[] n = kv[0].equals("gate") ? new long[0] : numbers(kv[1]);
            switch (kv[0]) {
                case "timeouts" -> builder.timeouts(new Timeouts(Duration.ofMillis(n[0]), Duration.ofMillis(n[1]),
                        Duration.ofMillis(n[2]), Duration.ofMillis(n[3]), Duration.ofMillis(n[4])));
                case "limits" -> builder.limits(new HttpLimits((int) n[0], (int) n[1], (int) n[2], n[3], (int) n[4]));
                case "workers" -> builder.workers((int) n[0], (int) n[1]);
                case "maxConnections" -> builder.maxConnections((int) n[0]);
                case "maxPipelined" -> builder.maxPipelined((int) n[0]);
                case "grace" -> builder.shutdownGrace(Duration.ofMillis(n[0]));
                case "readinessDelay" -> builder.readinessDelay(Duration.ofMillis(n[0]));
                case "gate" -> gate = Path.of(kv[1]);
                case "port" -> builder.port((int) n[0]);
                default -> throw new IllegalArgumentException("unknown setting: " + kv[0]);
            }
        }
        routes(builder, gate);
        java.util.concurrent.atomic.AtomicReference<Server> serving = new java.util.concurrent.atomic.AtomicReference<>();
        builder.onStart(serving::set).get("/ready", Endpoint.nonBlocking(r -> serving.get().isReady() ? Response.text("ready")
                : Response.error(503, "Stopping")));
        int processes = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (processes > 0) builder.processes(processes);
        Server server = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void routes(Server.Builder builder, Path gate) {
        builder.get("/hello", Endpoint.nonBlocking(request -> Response.text("hello")))
                .get("/pid", Endpoint.nonBlocking(request -> Response.text(Long.toString(ProcessHandle.current().pid()))))
                .get("/slow", request -> {
                    Thread.sleep(Long.parseLong(request.queryParam("ms")));
                    return Response.text("slow " + ProcessHandle.current().pid());
                })
                .get("/n/{i}", Endpoint.nonBlocking(r -> Response.text("n" + r.pathParam("i"))))
                .get("/b/{i}", r -> {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(0, 8));
                    return Response.text("b" + r.pathParam("i"));
                })
                .get("/bye", r -> Response.status(200).closeConnection().body("bye"))
                .post("/echo", Endpoint.nonBlocking(r -> {
                    Response.Builder b = Response.status(200).contentType("application/octet-stream");
                    if (r.trailers().get("x-checksum") != null) b.header("X-Got-Checksum", r.trailers().get("x-checksum"));
                    return b.header("X-Trailer-Count", String.valueOf(r.trailers().size())).body(r.body().bytes());
                }))
                .get("/stream/unknown", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(streamBody()), -1))))
                .get("/stream/known", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(ResponseBody.stream(new ByteArrayInputStream(streamBody()), streamBody().length))))
                .get("/bytes/{n}", Endpoint.nonBlocking(r -> Response.status(200)
                        .body(bytes(Integer.parseInt(r.pathParam("n"))))))
                .get("/gate/{key}/{i}", r -> {
                    String key = r.pathParam("key");
                    String i = r.pathParam("i");
                    if (gate == null || !GATE_NAME.matcher(key).matches() || !GATE_NAME.matcher(i).matches()) {
                        return Response.status(400).body("no gate directory, or a bad key");
                    }
                    Files.createFile(gate.resolve("entered-" + key + "-" + i));
                    long deadline = System.nanoTime() + GATE_WAIT.toNanos();
                    while (!Files.exists(gate.resolve("release-" + key))) {
                        if (System.nanoTime() - deadline > 0) throw new IllegalStateException("gate never released");
                        Thread.sleep(5);
                    }
                    return Response.text("done" + i);
                });
    }

    private static long[] numbers(String csv) {
        return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** What {@code /stream/unknown} and {@code /stream/known} send: 100,000 bytes, the same in every process. */
    public static byte[] streamBody() {
        return StreamBody.BYTES.clone();
    }

    /** What {@code /bytes/{n}} sends: n bytes of a fixed pattern. */
    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + i / 251);
        return b;
    }

    private static final class StreamBody {
        static final byte[] BYTES = new byte[100_000];

        static {
            new Random(1).nextBytes(BYTES);
        }
    }
}
