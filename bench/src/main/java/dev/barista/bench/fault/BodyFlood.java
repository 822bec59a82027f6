package dev.barista.bench.fault;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The slow-body flood of issue 11: {@code clients} connections, each sending a large chunked request body
 * ({@code body-bytes}, 9 MiB) in {@code chunk-bytes} chunks every {@code interval-ms}, half of them to a path
 * that buffers its body ({@code POST /echo}) and half to one that does not (a 404), each reconnecting as soon
 * as it has an answer or its connection is closed; ordinary clients ({@link GoodClients}) run alongside.
 * Counts every flood exchange by outcome (the status, or reset, eof, timeout) and every ordinary request,
 * and writes them as JSON. With {@code hang-up-after}, each flood client ends its side of the connection
 * once it has sent that many body bytes, and waits for the server's answer or close.
 *
 * <pre>java -cp barista-bench.jar dev.barista.bench.fault.BodyFlood --port 18080 --duration 60 --out flood.json</pre>
 */
public final class BodyFlood {
    private final InetSocketAddress address;
    private final long bodyBytes;
    private final byte[] chunk;
    private final int intervalMillis;
    private final int answerTimeoutMillis;
    private final long hangUpAfter;
    private final Map<String, Tally> outcomes = new LinkedHashMap<>();
    private final LongAdder connections = new LongAdder();
    private final LongAdder inFlightAtEnd = new LongAdder();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private BodyFlood(InetSocketAddress address, long bodyBytes, int chunkBytes, int intervalMillis,
                      int answerTimeoutMillis, long hangUpAfter, List<String> paths) {
        this.address = address;
        this.bodyBytes = bodyBytes;
        this.chunk = new byte[chunkBytes];
        Arrays.fill(chunk, (byte) 'x');
        this.intervalMillis = intervalMillis;
        this.answerTimeoutMillis = answerTimeoutMillis;
        this.hangUpAfter = hangUpAfter;
        for (String path : paths) outcomes.put(path, new Tally("body_bytes_sent"));
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String host = o.string("host", "127.0.0.1");
        int port = o.integer("port", 18080);
        int clients = o.integer("clients", 60);
        int duration = o.integer("duration", 60);
        List<String> paths = List.of(o.string("paths", "/echo,/flood-not-found").split(","));
        InetSocketAddress address = new InetSocketAddress(host, port);
        BodyFlood flood = new BodyFlood(address, Long.parseLong(o.string("body-bytes", String.valueOf(9L << 20))),
                o.integer("chunk-bytes", 64 * 1024), o.integer("interval-ms", 50),
                o.integer("answer-timeout-ms", 60_000), Long.parseLong(o.string("hang-up-after", "0")), paths);

        MemorySampler sampler = new MemorySampler(host, port, o.integer("sample-ms", 100));
        GoodClients good = GoodClients.start(address, o.integer("good-clients", 4), o.integer("good-echo-clients", 1),
                o.integer("good-echo-bytes", 1024), o.integer("good-pause-ms", 5), o.integer("good-timeout-ms", 5_000));
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String path = paths.get(i % paths.size());
            threads.add(Thread.ofVirtual().name("flood-" + i).start(() -> flood.run(path)));
        }
        Thread.sleep(duration * 1000L);
        flood.running = false;
        for (Socket s : flood.open) closeQuietly(s); // the exchanges still in flight end now, uncounted
        for (Thread t : threads) t.join(10_000);
        good.close();
        sampler.close();
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clients", clients);
        config.put("paths", paths);
        config.put("body_bytes", flood.bodyBytes);
        config.put("chunk_bytes", flood.chunk.length);
        config.put("interval_ms", flood.intervalMillis);
        config.put("offered_rate_bytes_per_s_per_client",
                flood.intervalMillis == 0 ? -1 : flood.chunk.length * 1000L / flood.intervalMillis);
        config.put("hang_up_after_bytes", flood.hangUpAfter);
        config.put("duration_s", duration);
        Map<String, Object> floodReport = new LinkedHashMap<>();
        floodReport.put("connections", flood.connections.sum());
        floodReport.put("in_flight_at_end", flood.inFlightAtEnd.sum());
        Map<String, Object> byPath = new LinkedHashMap<>();
        flood.outcomes.forEach((path, tally) -> byPath.put(path, tally.toMap()));
        floodReport.put("outcomes_by_path", byPath);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "slow-body flood");
        report.put("config", config);
        report.put("elapsed_s", Math.round(seconds * 10) / 10.0);
        report.put("flood", floodReport);
        report.put("good", good.report());
        report.put("memory_sampler", sampler.report());
        Reports.write(report, o.string("out", "-"));
    }

    /** One flood client: a body, its answer (or its end), a new connection, until the run ends. */
    private void run(String path) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Tally tally = outcomes.get(path);
        while (running) {
            long t0 = System.nanoTime();
            AtomicLong sent = new AtomicLong();
            AtomicBoolean hungUp = new AtomicBoolean();
            String outcome;
            Socket socket = new Socket();
            open.add(socket);
            Thread writer = null;
            try {
                socket.connect(address, 5_000);
                connections.increment();
                socket.setSoTimeout(answerTimeoutMillis);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), chunk.length + 64);
                writer = Thread.ofVirtual().start(() -> send(socket, out, head, sent, hungUp));
                ResponseReader.Answer answer = new ResponseReader(socket.getInputStream()).read();
                outcome = String.valueOf(answer.status());
                if (answer.status() == 200 && answer.bodyBytes() != bodyBytes) outcome = "200_wrong_length";
            } catch (IOException e) {
                outcome = Tally.classify(e);
                if (!socket.isConnected()) Reports.sleep(100); // no server (it died?): do not spin
            }
            closeQuietly(socket);
            open.remove(socket);
            if (writer != null) {
                writer.interrupt();
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running) {
                inFlightAtEnd.increment(); // cut by the end of the run, not by the server
                return;
            }
            if (hungUp.get()) outcome = "hung_up_then_" + outcome;
            tally.add(outcome, sent.get(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * Writes the head, then the body chunk by chunk at the configured pace, until done or the socket fails;
     * or, with {@code hangUpAfter}, ends its side of the connection (FIN) once that much is sent, as a client
     * that gives up an upload does.
     */
    private void send(Socket socket, OutputStream out, byte[] head, AtomicLong sent, AtomicBoolean hungUp) {
        byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = {'\r', '\n'};
        try {
            out.write(head);
            out.flush();
            while (running && sent.get() < bodyBytes) {
                int n = (int) Math.min(chunk.length, bodyBytes - sent.get());
                out.write(n == chunk.length ? chunkHead
                        : (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk, 0, n);
                out.write(crlf);
                out.flush();
                sent.addAndGet(n);
                if (hangUpAfter > 0 && sent.get() >= hangUpAfter) {
                    hungUp.set(true);
                    socket.shutdownOutput();
                    return;
                }
                if (intervalMillis > 0) Thread.sleep(intervalMillis);
            }
            if (sent.get() >= bodyBytes) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the server answered and closed, or the run ended: the reader tells which
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }
}
