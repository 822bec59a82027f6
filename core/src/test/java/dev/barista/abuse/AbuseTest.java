package dev.barista.abuse;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.HttpLimits;
import dev.barista.http.Response;
import dev.barista.server.CloseReason;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.Timeouts;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks a server under an event-loop model and a blocking one, each bounded to a few seconds, with
 * ordinary clients running alongside that must all succeed; afterwards connections, threads and heap are
 * back to where they were. Timeouts are short here so that the attacks end quickly; the defaults are the
 * same mechanisms with longer clocks.
 */
@Tag("abuse")
@Timeout(60)
class AbuseTest {
    private static final Timeouts SHORT = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(1500),
            Duration.ofMillis(1500), Duration.ofSeconds(1), Duration.ofMillis(200));
    private static final byte[] BIG = new byte[1 << 20];
    private static final int GOOD_CLIENTS = 4;

    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(String model, int maxConnections) throws IOException {
        return fx.start(ServerFixture.builder().model(model).timeouts(SHORT).maxConnections(maxConnections)
                .limits(HttpLimits.DEFAULTS.withMaxBodySize(64 * 1024))
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello")))
                .get("/big", Endpoint.nonBlocking(r -> Response.status(200).contentType("application/octet-stream").body(BIG)))
                .post("/echo", Endpoint.nonBlocking(r -> Response.text(Integer.toString(r.body().bytes().length)))));
    }

    private static void assertAllSucceeded(GoodClients good) {
        assertThat(good.failures()).as("ordinary clients' failures during the attack").isEmpty();
        assertThat(good.succeeded()).as("ordinary clients were served during the attack").isPositive();
    }

    /** 2,000 connections each sending a request head one byte every 100 ms: the head timeout ends them all. */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void slowloris(String model) throws Exception {
        Server server = start(model, 5000);
        Baseline baseline = Baseline.of(server);
        byte[] head = "GET /hello HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow\r\nX-Pad: aaaaaaaaaaaaaaaaaaaa\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        List<SocketChannel> slow = new ArrayList<>();
        try (GoodClients good = GoodClients.start(server.port(), GOOD_CLIENTS, "/hello")) {
            for (int i = 0; i < 2000; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
                c.configureBlocking(false);
                slow.add(c);
            }
            int[] sent = new int[slow.size()];
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() - end < 0) {
                for (int i = 0; i < slow.size(); i++) {
                    if (sent[i] >= head.length) continue;
                    try {
                        sent[i] += slow.get(i).write(ByteBuffer.wrap(head, sent[i], 1));
                    } catch (IOException closedByServer) {
                        sent[i] = head.length;
                    }
                }
                Thread.sleep(100);
            }
            Await.until("every slow connection closed by the head timeout", Duration.ofSeconds(10),
                    () -> server.snapshot().traffic().closed(CloseReason.REQUEST_TIMEOUT) >= 2000);
            assertAllSucceeded(good);
        } finally {
            for (SocketChannel c : slow) c.close();
        }
        long answered408 = server.snapshot().traffic().routes().stream()
                .filter(r -> r.route().equals("<unmatched>")).mapToLong(r -> r.responses().getOrDefault("4xx", 0L))
                .sum();
        assertThat(answered408).as("each told 408 before the close").isGreaterThanOrEqualTo(2000);
        baseline.assertReturnedTo(server);
    }

    /**
     * 1,500 connections opened as fast as possible against a limit of 300: the excess gets a clean 503 and a
     * close, the connections that were already open keep being served, and new ones are accepted afterwards.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void connectionFloodPastTheLimit(String model) throws Exception {
        Server server = start(model, 300);
        Baseline baseline = Baseline.of(server);
        List<RawClient> kept = new ArrayList<>();
        for (int i = 0; i < 4; i++) kept.add(fx.raw());
        List<Socket> flood = new ArrayList<>();
        long refusedWith503 = 0;
        long servedDuring = 0;
        try {
            for (int i = 0; i < 1500; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                flood.add(s);
                if (i % 100 == 0) {
                    for (RawClient k : kept) {
                        assertThat(k.send(RawClient.get("/hello")).read().status()).isEqualTo(200);
                        servedDuring++;
                    }
                }
            }
            Await.until("the flood accepted or refused", Duration.ofSeconds(10),
                    () -> server.snapshot().counters().acceptedConnections()
                            + server.snapshot().counters().refusedConnections() >= 1504);
            for (Socket s : flood) {
                s.setSoTimeout(20); // a refused one has its 503 waiting; an accepted one has nothing to say
                try {
                    byte[] first = s.getInputStream().readNBytes(12);
                    if (new String(first, StandardCharsets.US_ASCII).equals("HTTP/1.1 503")) refusedWith503++;
                } catch (java.net.SocketTimeoutException accepted) {
                    // within the limit: open and idle
                }
            }
        } finally {
            for (Socket s : flood) s.close();
        }
        assertThat(refusedWith503).as("connections past the limit refused with 503").isGreaterThanOrEqualTo(1500 - 300);
        assertThat(servedDuring).isEqualTo(4 * 15);
        assertThat(server.snapshot().traffic().closed(CloseReason.REFUSED)).isGreaterThanOrEqualTo(1500 - 300);
        for (RawClient k : kept) k.close();
        try (RawClient after = fx.raw()) {
            assertThat(after.send(RawClient.get("/hello")).read().status()).as("accepting again").isEqualTo(200);
        }
        baseline.assertReturnedTo(server);
    }

    /** Request lines, header sections and bodies over the limits, from 16 attackers at once. */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void oversizedLinesHeadersAndBodies(String model) throws Exception {
        Server server = start(model, 5000);
        Baseline baseline = Baseline.of(server);
        String longLine = "GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String bigHeaders = "GET /hello HTTP/1.1\r\nHost: x\r\n" + "X-Fill: " + "b".repeat(1000) + "\r\n".repeat(1)
                .repeat(1) + ("X-More: " + "c".repeat(1000) + "\r\n").repeat(40) + "\r\n";
        String manyHeaders = "GET /hello HTTP/1.1\r\nHost: x\r\n" + "X-N: 1\r\n".repeat(500) + "\r\n";
        String declaredBody = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n";
        String chunkedBody = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("8000\r\n" + "d".repeat(0x8000) + "\r\n").repeat(4) + "0\r\n\r\n";
        List<Attack> attacks = List.of(new Attack(longLine, 414), new Attack(bigHeaders, 431),
                new Attack(manyHeaders, 431), new Attack(declaredBody, 413), new Attack(chunkedBody, 413));
        try (GoodClients good = GoodClients.start(server.port(), GOOD_CLIENTS, "/hello");
             ExecutorService attackers = Executors.newFixedThreadPool(16)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                done.add(attackers.submit(() -> {
                    for (int round = 0; round < 10; round++) {
                        for (Attack a : attacks) a.run(server.port());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
            assertAllSucceeded(good);
        }
        assertThat(server.snapshot().traffic().closed(CloseReason.PROTOCOL_ERROR)).isGreaterThanOrEqualTo(16 * 10 * 5);
        baseline.assertReturnedTo(server);
    }

    private record Attack(String request, int expectedStatus) {
        void run(int port) throws IOException {
            try (RawClient c = RawClient.connect(port)) {
                byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
                RawResponse answer;
                try {
                    c.send(bytes);
                } catch (IOException resetWhileSending) {
                    // The server answered and closed before taking everything: the answer is still readable.
                }
                answer = c.read();
                assertThat(answer.status()).as("answer to %s...", request.substring(0, 20)).isEqualTo(expectedStatus);
                assertThat(c.closedWithin(Duration.ofSeconds(3))).as("closed after %d", expectedStatus).isTrue();
            }
        }
    }

    /**
     * 40 clients ask for a 1 MiB body over and over and never read: the server holds at most its high-water
     * mark per connection, stops reading their requests, and closes them at the write timeout.
     */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void clientsThatNeverRead(String model) throws Exception {
        Server server = start(model, 5000);
        Baseline baseline = Baseline.of(server);
        List<Socket> stalled = new ArrayList<>();
        try (GoodClients good = GoodClients.start(server.port(), GOOD_CLIENTS, "/hello")) {
            byte[] requests = RawClient.get("/big").repeat(50).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket();
                s.setReceiveBufferSize(8 * 1024);
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                s.getOutputStream().write(requests); // fits in the buffers; then never read a byte
                stalled.add(s);
            }
            Await.until("every stalled reader closed by the write timeout", Duration.ofSeconds(15),
                    () -> server.snapshot().traffic().closed(CloseReason.WRITE_TIMEOUT) >= 40);
            assertAllSucceeded(good);
        } finally {
            for (Socket s : stalled) s.close();
        }
        baseline.assertReturnedTo(server);
    }

    /** 20 connections each pipeline 2,000 requests in one write and read every answer, in order. */
    @ParameterizedTest
    @ValueSource(strings = {"reactor", "virtual-threads"})
    void pipelinedFloods(String model) throws Exception {
        Server server = start(model, 5000);
        Baseline baseline = Baseline.of(server);
        int connections = 20;
        int depth = 2000;
        try (GoodClients good = GoodClients.start(server.port(), GOOD_CLIENTS, "/hello");
             ExecutorService floods = Executors.newFixedThreadPool(connections)) {
            List<Future<Integer>> answered = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                answered.add(floods.submit(() -> pipeline(server.port(), depth)));
            }
            for (Future<Integer> f : answered) assertThat(f.get()).isEqualTo(depth);
            assertAllSucceeded(good);
        }
        ServerSnapshot.RouteTraffic hello = server.snapshot().traffic().route("GET", "/hello");
        assertThat(hello.count()).isGreaterThanOrEqualTo((long) connections * depth);
        baseline.assertReturnedTo(server);
    }

    /** Sends {@code depth} requests in one go (while reading, so neither side stalls); returns answers read. */
    private static int pipeline(int port, int depth) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            byte[] all = RawClient.get("/hello").repeat(depth).getBytes(StandardCharsets.US_ASCII);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(all);
                    out.flush();
                } catch (IOException ignored) {
                    // counted by the reader: fewer answers
                }
            });
            InputStream in = s.getInputStream();
            byte[] expected = "hello".getBytes(StandardCharsets.US_ASCII);
            int answers = 0;
            byte[] buffer = new byte[64 * 1024];
            int matched = 0;
            int n;
            // Count the bodies: each answer ends with "hello".
            while (answers < depth && (n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    matched = buffer[i] == expected[matched] ? matched + 1 : (buffer[i] == expected[0] ? 1 : 0);
                    if (matched == expected.length) {
                        answers++;
                        matched = 0;
                    }
                }
            }
            writer.join();
            return answers;
        }
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] b) {
        return Arrays.toString(b);
    }
}
