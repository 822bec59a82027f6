package dev.barista.bench.alloc;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.bench.peers.NettyHelloServer;
import dev.barista.http.Response;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bytes allocated per request in steady state: a server in this JVM (Barista: reactor, one loop; or, with
 * {@code --server netty}, the Netty peer {@link NettyHelloServer}, one epoll loop), wrk in another process, and
 * the JVM's exact per-thread allocation counters read before and after a measured run. Reports the event
 * loop's bytes per request (where both servers do all of a request's work) and the whole JVM's.
 *
 * <pre>
 * java -cp barista-bench.jar dev.barista.bench.alloc.AllocationProbe --path /plaintext --pipeline 16 \
 *     --connections 256 --duration 10 --warmup 5 --wrk-cpus 1 --lua bench/pipeline.lua [--server netty]
 * </pre>
 * Prints one JSON object on standard output.
 */
public final class AllocationProbe {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        String path = "/plaintext";
        int pipeline = 1;
        int connections = 256;
        int duration = 10;
        int warmup = 5;
        String wrkCpus = "1";
        String lua = "bench/pipeline.lua";
        String serverName = "barista";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--path" -> path = args[++i];
                case "--pipeline" -> pipeline = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--wrk-cpus" -> wrkCpus = args[++i];
                case "--lua" -> lua = args[++i];
                case "--server" -> serverName = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Probed server = switch (serverName) {
            case "barista" -> Probed.barista();
            case "netty" -> Probed.netty();
            default -> throw new IllegalArgumentException("--server is barista or netty, not " + serverName);
        };
        try (server) {
            String url = "http://127.0.0.1:" + server.port() + path;
            if (warmup > 0) wrk(url, connections, warmup, pipeline, wrkCpus, lua);
            long loop0 = allocatedBy(server.loopThreads());
            long all0 = allocatedByAll();
            long served0 = server.served();
            long wrkRequests = wrk(url, connections, duration, pipeline, wrkCpus, lua);
            long loop1 = allocatedBy(server.loopThreads());
            long all1 = allocatedByAll();
            // Barista counts the requests its loop served in the window; Netty's peer keeps no count, so wrk's.
            long requests = server.served() < 0 ? wrkRequests : server.served() - served0;
            System.out.printf(Locale.ROOT, "{\"server\":\"%s\",\"path\":\"%s\",\"pipeline\":%d,\"connections\":%d,"
                            + "\"duration_s\":%d,\"requests\":%d,\"wrk_requests\":%d,\"loop_bytes\":%d,\"jvm_bytes\":%d,"
                            + "\"loop_bytes_per_request\":%.1f,\"jvm_bytes_per_request\":%.1f}%n",
                    serverName, path, pipeline, connections, duration, requests, wrkRequests, loop1 - loop0,
                    all1 - all0, (loop1 - loop0) / (double) requests, (all1 - all0) / (double) requests);
        }
    }

    /** The server under measurement: its port, its loop threads' name prefix, and its served count (-1: none). */
    private sealed interface Probed extends AutoCloseable {
        int port();

        String loopThreads();

        long served();

        @Override
        void close();

        static Probed barista() throws IOException {
            return new BaristaProbed(DemoServer.start());
        }

        static Probed netty() throws InterruptedException {
            return new NettyProbed(NettyHelloServer.start("127.0.0.1", 0, 1, false));
        }
    }

    private record BaristaProbed(Server server) implements Probed {
        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String loopThreads() {
            return "barista-loop";
        }

        @Override
        public long served() {
            return server.stats().requests.sum();
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    private record NettyProbed(NettyHelloServer.Running netty) implements Probed {
        @Override
        public int port() {
            return netty.port();
        }

        @Override
        public String loopThreads() {
            return "netty-loop";
        }

        @Override
        public long served() {
            return -1;
        }

        @Override
        public void close() {
            netty.close();
        }
    }

    /** Runs wrk to completion; returns the requests it counted. */
    private static long wrk(String url, int connections, int seconds, int pipeline, String cpus, String lua)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus, "wrk", "-t1", "-c" + connections,
                "-d" + seconds + "s", "-H", "Connection: keep-alive"));
        if (pipeline > 1) command.addAll(List.of("-s", lua));
        command.add(url);
        if (pipeline > 1) command.addAll(List.of("--", Integer.toString(pipeline)));
        Path out = Files.createTempFile("wrk", ".txt");
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (wrk.waitFor() != 0) throw new IOException("wrk failed: " + Files.readString(out));
        String text = Files.readString(out);
        Files.delete(out);
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.contains(" requests in ")) return Long.parseLong(line.substring(0, line.indexOf(' ')));
        }
        throw new IOException("no request count in wrk's output: " + text);
    }

    private static long allocatedBy(String threadPrefix) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(threadPrefix)) total += bean.getThreadAllocatedBytes(t.threadId());
        }
        return total;
    }

    private static long allocatedByAll() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    /** The demo server's two TechEmpower routes, as {@code barista serve} registers them, on one loop. */
    static final class DemoServer {
        static Server start() throws IOException {
            return Server.builder().host("127.0.0.1").port(0).loops(1)
                    .get("/plaintext", Endpoint.nonBlocking(request -> Response.status(200).contentType("text/plain")
                            .body(HELLO)))
                    .get("/json", Endpoint.nonBlocking(request -> Response.json(
                            "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.US_ASCII))))
                    .start();
        }
    }
}
