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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The slow-reader flood: {@code clients} connections, each with a small receive buffer, sending
 * {@code POST /echo} with a large body ({@code body-bytes}) at full speed and then not reading the answer
 * for {@code hold-ms}; then each reads whatever arrives, to learn what the server did meanwhile, and starts
 * over on a new connection. Ordinary clients ({@link GoodClients}) run alongside.
 *
 * <p>Outcomes: {@code cut} (the connection ended before the whole answer: the server gave up on the reader),
 * {@code complete_200} (the whole answer was waiting: the server, or the kernel's buffers, held it all),
 * {@code refused_<status>} (the body could not be sent: the server answered early, e.g. 503 when the
 * memory budget is spent; {@code refused_then_reset} when that answer was lost to the reset), or a socket
 * error.
 */
public final class ReaderFlood {
    private final InetSocketAddress address;
    private final byte[] request;
    private final int bodyBytes;
    private final int receiveBuffer;
    private final int holdMillis;
    private final Tally outcomes = new Tally("bytes_received");
    private final LongAdder connections = new LongAdder();
    private final LongAdder inFlightAtEnd = new LongAdder();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private ReaderFlood(InetSocketAddress address, int bodyBytes, int receiveBuffer, int holdMillis) {
        this.address = address;
        this.bodyBytes = bodyBytes;
        this.receiveBuffer = receiveBuffer;
        this.holdMillis = holdMillis;
        byte[] head = ("POST /echo HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bodyBytes + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.request = Arrays.copyOf(head, head.length + bodyBytes);
        Arrays.fill(request, head.length, request.length, (byte) 'r');
    }

    public static void main(String[] args) throws Exception {
        Options o = new Options(args);
        String host = o.string("host", "127.0.0.1");
        int port = o.integer("port", 18080);
        int clients = o.integer("clients", 60);
        int duration = o.integer("duration", 60);
        InetSocketAddress address = new InetSocketAddress(host, port);
        ReaderFlood flood = new ReaderFlood(address, o.integer("body-bytes", 8 << 20),
                o.integer("receive-buffer", 8192), o.integer("hold-ms", 10_000));

        MemorySampler sampler = new MemorySampler(host, port, o.integer("sample-ms", 100));
        GoodClients good = GoodClients.start(address, o.integer("good-clients", 4), o.integer("good-echo-clients", 1),
                o.integer("good-echo-bytes", 1024), o.integer("good-pause-ms", 5), o.integer("good-timeout-ms", 5_000));
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) threads.add(Thread.ofVirtual().name("reader-" + i).start(flood::run));
        Thread.sleep(duration * 1000L);
        flood.running = false;
        for (Socket s : flood.open) closeQuietly(s);
        for (Thread t : threads) {
            t.interrupt();
            t.join(10_000);
        }
        good.close();
        sampler.close();
        double seconds = (System.nanoTime() - start) / 1e9;

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clients", clients);
        config.put("request", "POST /echo, Content-Length " + flood.bodyBytes);
        config.put("receive_buffer_bytes", flood.receiveBuffer);
        config.put("hold_ms", flood.holdMillis);
        config.put("duration_s", duration);
        Map<String, Object> floodReport = new LinkedHashMap<>();
        floodReport.put("connections", flood.connections.sum());
        floodReport.put("in_flight_at_end", flood.inFlightAtEnd.sum());
        floodReport.put("outcomes", flood.outcomes.toMap());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "slow-reader flood");
        report.put("config", config);
        report.put("elapsed_s", Math.round(seconds * 10) / 10.0);
        report.put("flood", floodReport);
        report.put("good", good.report());
        report.put("memory_sampler", sampler.report());
        Reports.write(report, o.string("out", "-"));
    }

    /** One slow reader: send, do not read for a while, then see what is left; again on a new connection. */
    private void run() {
        while (running) {
            long t0 = System.nanoTime();
            String outcome;
            ResponseReader reader = null;
            Socket socket = new Socket();
            open.add(socket);
            try {
                socket.setReceiveBufferSize(receiveBuffer); // before connect: it sets the window offered
                socket.connect(address, 5_000);
                connections.increment();
                reader = new ResponseReader(socket.getInputStream());
                if (!sendAll(socket.getOutputStream())) {
                    socket.setSoTimeout(2_000);
                    try {
                        outcome = "refused_" + reader.read().status();
                    } catch (IOException e) {
                        outcome = "refused_then_" + Tally.classify(e); // the early answer lost to a reset
                    }
                } else {
                    Thread.sleep(holdMillis);
                    socket.setSoTimeout(5_000); // the server has either closed, or everything is on its way
                    ResponseReader.Answer answer = reader.read();
                    outcome = answer.status() == 200 && answer.bodyBytes() == bodyBytes ? "complete_200"
                            : "answered_" + answer.status();
                }
            } catch (IOException e) {
                outcome = "eof".equals(Tally.classify(e)) || "reset".equals(Tally.classify(e)) ? "cut"
                        : Tally.classify(e);
                if (!socket.isConnected()) Reports.sleep(100); // no server (it died?): do not spin
            } catch (InterruptedException e) {
                outcome = "interrupted";
            }
            closeQuietly(socket);
            open.remove(socket);
            if (!running) {
                inFlightAtEnd.increment();
                return;
            }
            outcomes.add(outcome, reader == null ? 0 : reader.received(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Sends the request; false if the server stopped taking it (it answered early and closed). */
    private boolean sendAll(OutputStream out) {
        try {
            out.write(request);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
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
