package dev.barista.load;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator against a real Barista in this JVM (a handful of connections) and against raw sockets
 * that misbehave on purpose. Every run is a second or two; assertions are about counts and kinds, never speed.
 */
class LoadGeneratorTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    private Server barista(String model, Server.Builder routes) throws IOException {
        Server server = routes.host("127.0.0.1").port(0).model(model).loops(1).workers(16, 256)
                .shutdownGrace(Duration.ofMillis(200)).start();
        toClose.add(server::stop);
        return server;
    }

    private static LoadConfig config(int port, String path, int connections, double warmup, double duration) {
        return LoadConfig.closedLoop(URI.create("http://127.0.0.1:" + port + path), connections,
                Duration.ofMillis((long) (warmup * 1000)), Duration.ofMillis((long) (duration * 1000))).withLoops(2)
                .withTimeout(Duration.ofSeconds(2));
    }

    @Test
    void closedLoopCountsEveryResponseTheServerCounted() throws Exception {
        Server server = barista("reactor", Server.builder()
                .get("/plaintext", Endpoint.nonBlocking(r -> Response.status(200).contentType("text/plain").body("Hello"))));
        LoadResult r = new LoadGenerator(config(server.port(), "/plaintext", 8, 0.3, 1.0)).run();

        assertThat(r.errorTotal()).isZero();
        assertThat(r.requests()).isPositive();
        assertThat(r.completed()).isEqualTo(r.sent()); // drained: nothing left in flight
        assertThat(r.requests()).isLessThanOrEqualTo(r.completed()); // the warm-up's responses are not measured
        assertThat(server.stats().requests.sum()).isEqualTo(r.completed());
        assertThat(r.maxOpenConnections()).isEqualTo(8);
        assertThat(r.latency().p50()).isPositive().isLessThanOrEqualTo(r.latency().p99());
        assertThat(r.latency().p99()).isLessThanOrEqualTo(r.latency().max());
        assertThat(r.requestsPerSecond()).isCloseTo(r.requests() / r.measuredSeconds(), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void pipelinedRequestsAllArriveBeforeTheFirstResponse() throws Exception {
        // A raw server that answers nothing until it holds 8 whole requests: only a pipelining client gets answers.
        int depth = 8;
        ServerSocket listener = rawServer(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[64 * 1024];
            int heads = 0;
            String carry = "";
            while (true) {
                int n = in.read(buf);
                if (n < 0) return;
                carry += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                int i;
                while ((i = carry.indexOf("\r\n\r\n")) >= 0) {
                    heads++;
                    carry = carry.substring(i + 4);
                }
                if (heads >= depth) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".repeat(heads).getBytes(StandardCharsets.ISO_8859_1));
                    heads = 0;
                }
            }
        });
        LoadResult r = new LoadGenerator(config(listener.getLocalPort(), "/", 2, 0, 1.0).withPipeline(depth)).run();

        assertThat(r.errorTotal()).isZero();
        assertThat(r.completed()).isGreaterThanOrEqualTo(2L * depth);
        assertThat(r.completed() % depth).isZero(); // answered only in whole batches of 8
    }

    @Test
    void openLoopCountsAStallAgainstEveryRequestThatWasDueDuringIt() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        Server server = barista("virtual-threads", Server.builder().get("/stall", r -> {
            if (seen.incrementAndGet() == 50) Thread.sleep(1000); // one stall of a second, a quarter in
            return Response.status(200).body("ok");
        }));
        LoadConfig open = config(server.port(), "/stall", 1, 0, 2.0).withRate(200).withLoops(1);
        LoadResult r = new LoadGenerator(open).run();

        assertThat(r.errorTotal()).isZero();
        // About 200 of the ~400 requests were due while the server stalled, waiting 1000..0 ms: with latency from
        // the intended send time, a tenth of all requests waited 800 ms or more.
        assertThat(r.latency().p90()).isGreaterThan(400);
        assertThat(r.latency().max()).isGreaterThan(900);
        // The schedule held: close to 200/s was sent over the run despite the stall (catching up after it).
        assertThat(r.sent()).isBetween(300L, 420L);
    }

    @Test
    void statusErrorsAreCountedByClass() throws Exception {
        Server server = barista("reactor", Server.builder()
                .get("/busy", Endpoint.nonBlocking(r -> Response.error(503, "busy"))));
        LoadResult busy = new LoadGenerator(config(server.port(), "/busy", 2, 0, 0.5)).run();
        LoadResult missing = new LoadGenerator(config(server.port(), "/nowhere", 2, 0, 0.5)).run();

        assertThat(busy.errorsOf(ErrorKind.STATUS_5XX)).isEqualTo(busy.completed()).isPositive();
        assertThat(missing.errorsOf(ErrorKind.STATUS_4XX)).isEqualTo(missing.completed()).isPositive();
    }

    @Test
    void aRefusedConnectIsAConnectErrorNamingTheCause() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LoadResult r = new LoadGenerator(config(port, "/", 2, 0, 0.5)).run();

        assertThat(r.completed()).isZero();
        assertThat(r.errorsOf(ErrorKind.CONNECT)).isPositive();
        assertThat(r.connectFailures()).containsKey(
                "ECONNREFUSED: connection refused (nothing listening, or the server's accept backlog is full)");
        assertThat(r.limits()).anyMatch(l -> l.startsWith("ECONNREFUSED"));
    }

    @Test
    void aMalformedResponseIsAProtocolError() throws Exception {
        ServerSocket listener = rawServer(socket -> {
            socket.getInputStream().read(new byte[4096]);
            socket.getOutputStream().write("HTTP/1.1 2x0 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getInputStream().read(new byte[4096]); // until the client gives up on the connection
        });
        LoadResult r = new LoadGenerator(config(listener.getLocalPort(), "/", 1, 0, 0.5)).run();

        assertThat(r.errorsOf(ErrorKind.PROTOCOL)).isPositive();
        assertThat(r.completed()).isZero();
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        ServerSocket listener = rawServer(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
        LoadResult r = new LoadGenerator(config(listener.getLocalPort(), "/", 2, 0, 1.2)
                .withTimeout(Duration.ofMillis(300))).run();

        assertThat(r.errorsOf(ErrorKind.TIMEOUT)).isGreaterThanOrEqualTo(2);
        assertThat(r.completed()).isZero();
    }

    @Test
    void aServerThatClosesWithARequestInFlightIsAReadError() throws Exception {
        ServerSocket listener = rawServer(socket -> {
            socket.getInputStream().read(new byte[4096]);
            socket.close();
        });
        LoadResult r = new LoadGenerator(config(listener.getLocalPort(), "/", 1, 0, 0.5)).run();

        assertThat(r.errorsOf(ErrorKind.READ)).isPositive();
        assertThat(r.completed()).isZero();
    }

    private interface SocketBehaviour {
        void serve(Socket socket) throws IOException;
    }

    /** A loopback server that runs {@code behaviour} for each connection on a virtual thread. */
    private ServerSocket rawServer(SocketBehaviour behaviour) throws IOException {
        ServerSocket listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        toClose.add(listener);
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    toClose.add(s);
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            behaviour.serve(s);
                        } catch (IOException ignored) {
                            // the client hung up: that is how these connections end
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return listener;
    }
}
