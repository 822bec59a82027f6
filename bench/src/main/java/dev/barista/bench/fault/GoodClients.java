package dev.barista.bench.fault;

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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ordinary clients running through a fault: keep-alive connections making GET /plaintext requests, and one
 * making POST /echo with a small body, each pausing between requests, each request bounded by a timeout.
 * A request fails when its answer is not a 200 with the expected body, or does not come (timeout, reset,
 * close); the connection is then replaced. Every failure is counted by reason and the first ones kept with
 * their time.
 */
final class GoodClients implements AutoCloseable {
    private static final int KEPT_FAILURES = 50;

    /** A failed request: seconds since the clients started, its path, and what happened. */
    record Failure(double atSeconds, String path, String what) {
    }

    private final InetSocketAddress address;
    private final int pauseMillis;
    private final int timeoutMillis;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, LongAdder> ok = new LinkedHashMap<>();
    private final Map<String, Tally> failed = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Failure> firstFailures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger keptFailures = new AtomicInteger();
    private final List<long[]> latencies = new ArrayList<>(); // one array per thread, filled by it
    private final List<Thread> threads = new ArrayList<>();

    private GoodClients(InetSocketAddress address, int pauseMillis, int timeoutMillis) {
        this.address = address;
        this.pauseMillis = pauseMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /** Starts {@code plaintextClients} GET /plaintext clients and {@code echoClients} POST /echo ones. */
    static GoodClients start(InetSocketAddress address, int plaintextClients, int echoClients, int echoBytes,
                             int pauseMillis, int timeoutMillis) {
        GoodClients clients = new GoodClients(address, pauseMillis, timeoutMillis);
        String host = "Host: " + address.getHostString() + ":" + address.getPort() + "\r\n";
        byte[] get = ("GET /plaintext HTTP/1.1\r\n" + host + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] echoHead = ("POST /echo HTTP/1.1\r\n" + host + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + echoBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] echo = Arrays.copyOf(echoHead, echoHead.length + echoBytes);
        Arrays.fill(echo, echoHead.length, echo.length, (byte) 'e');
        clients.ok.put("GET /plaintext", new LongAdder());
        clients.ok.put("POST /echo", new LongAdder());
        clients.failed.put("GET /plaintext", new Tally("bytes"));
        clients.failed.put("POST /echo", new Tally("bytes"));
        for (int i = 0; i < plaintextClients; i++) clients.startThread("GET /plaintext", get, 13);
        for (int i = 0; i < echoClients; i++) clients.startThread("POST /echo", echo, echoBytes);
        return clients;
    }

    private void startThread(String name, byte[] request, long expectedBodyBytes) {
        long[][] mine = {new long[4096]};
        int[] count = {0};
        threads.add(Thread.ofPlatform().daemon(true).name("good " + name).start(() -> {
            loop(name, request, expectedBodyBytes, mine, count);
            synchronized (latencies) {
                latencies.add(Arrays.copyOf(mine[0], count[0]));
            }
        }));
    }

    private void loop(String name, byte[] request, long expectedBodyBytes, long[][] mine, int[] count) {
        Socket socket = null;
        ResponseReader reader = null;
        while (running.get()) {
            long t0 = System.nanoTime();
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(address, timeoutMillis);
                    socket.setSoTimeout(timeoutMillis);
                    socket.setTcpNoDelay(true);
                    reader = new ResponseReader(socket.getInputStream());
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                ResponseReader.Answer answer = reader.read();
                long nanos = System.nanoTime() - t0;
                if (count[0] == mine[0].length) mine[0] = Arrays.copyOf(mine[0], count[0] * 2);
                mine[0][count[0]++] = nanos;
                if (answer.status() == 200 && answer.bodyBytes() == expectedBodyBytes) {
                    ok.get(name).increment();
                } else {
                    fail(name, "status_" + answer.status(), "status " + answer.status() + ", "
                            + answer.bodyBytes() + " body bytes", nanos);
                }
                if (answer.closes()) {
                    socket.close();
                    socket = null;
                }
            } catch (IOException e) {
                fail(name, Tally.classify(e), e.toString(), System.nanoTime() - t0);
                socket = closeQuietly(socket);
            }
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        closeQuietly(socket);
    }

    private void fail(String name, String reason, String detail, long nanos) {
        failed.get(name).add(reason, 0, nanos / 1_000_000);
        if (keptFailures.getAndIncrement() < KEPT_FAILURES) {
            double at = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
            firstFailures.add(new Failure(at, name, detail));
        }
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
        return null;
    }

    /** Stops the clients after their current request and waits for them. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) t.join(timeoutMillis + 5_000L);
    }

    /** Counts (ok, failed by reason, as a share), latency percentiles, and the first failures. */
    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        long allOk = 0;
        long allFailed = 0;
        Map<String, Object> byPath = new LinkedHashMap<>();
        for (String name : ok.keySet()) {
            long good = ok.get(name).sum();
            long bad = failed.get(name).total();
            allOk += good;
            allFailed += bad;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ok", good);
            entry.put("failed", bad);
            entry.put("failed_by_reason", failed.get(name).toMap());
            byPath.put(name, entry);
        }
        report.put("requests", allOk + allFailed);
        report.put("ok", allOk);
        report.put("failed", allFailed);
        report.put("failed_percent", allOk + allFailed == 0 ? 0.0
                : Math.round(allFailed * 1e6 / (allOk + allFailed)) / 1e4);
        report.put("by_request", byPath);
        long[] all;
        synchronized (latencies) {
            all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        }
        Map<String, Object> latency = new LinkedHashMap<>();
        if (all.length > 0) {
            for (double q : new double[]{0.5, 0.99, 0.999}) {
                latency.put("p" + (q * 100 == Math.floor(q * 100) ? String.valueOf((int) (q * 100))
                        : String.valueOf(q * 100)), millis(all[(int) Math.min(all.length - 1, q * all.length)]));
            }
            latency.put("max", millis(all[all.length - 1]));
        }
        report.put("latency_ms", latency);
        report.put("first_failures", List.copyOf(firstFailures));
        return report;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
