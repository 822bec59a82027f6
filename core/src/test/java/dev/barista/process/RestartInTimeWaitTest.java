package dev.barista.process;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart is routine: every model starts at once on a port where the server it replaces left TIME_WAIT
 * connections. Each request asks for {@code Connection: close} and the client reads to the end, so the
 * server closes first and the TIME_WAIT sockets are on the server's port (checked, or the test proves
 * nothing). The multi-process models run in a JVM of their own ({@link ChildJvm}).
 */
class RestartInTimeWaitTest {
    private static final int REQUESTS = 20;

    /**
     * Each model after itself, and prefork after the reactor: the TIME_WAIT sockets of a server without
     * SO_REUSEPORT are the ones that kept prefork's port reservation out (those of prefork workers, which
     * have SO_REUSEPORT, never did).
     */
    static Stream<Arguments> restarts() {
        Stream<Arguments> same = Model.all().stream().map(model -> Arguments.of(model, model));
        return Stream.concat(same, Stream.of(Arguments.of(Model.named("reactor"), Model.named("prefork"))));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @MethodSource("restarts")
    void startsAgainAtOnceOnAPortFullOfTimeWait(Model before, Model after) throws Exception {
        int port = freePort();
        try (Running first = Running.start(before, port)) {
            for (int i = 0; i < REQUESTS; i++) assertThat(getAndClose(port)).startsWith("HTTP/1.1 200");
        }
        assertThat(timeWaitSockets(port)).as("TIME_WAIT sockets on port %d", port).isPositive();

        try (Running second = Running.start(after, port)) {
            assertThat(getAndClose(port)).startsWith("HTTP/1.1 200");
        }
    }

    /** The model's server on {@code port}: in this JVM, or in a JVM of its own for a multi-process model. */
    private interface Running extends AutoCloseable {
        static Running start(Model model, int port) throws IOException, InterruptedException {
            if (model.multiProcess()) {
                ChildJvm child = ChildJvm.start(model.name(), 2, List.of("port=" + port, "grace=500"));
                return child::close;
            }
            Server server = Server.builder().host("127.0.0.1").port(port).model(model)
                    .shutdownGrace(Duration.ofMillis(500))
                    .get("/hello", Endpoint.nonBlocking(request -> Response.text("hello")))
                    .start();
            return () -> server.stop(Duration.ofMillis(500));
        }

        @Override
        void close() throws InterruptedException;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** One request with {@code Connection: close}, read until the server's FIN: the server closed first. */
    private static String getAndClose(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * TCP sockets in TIME_WAIT (state 06) whose local port is {@code port}, from /proc/net/tcp and tcp6 (the
     * JDK's sockets are IPv6 ones, 127.0.0.1 mapped).
     */
    private static long timeWaitSockets(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X", port);
        long n = 0;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            n += Files.readAllLines(Path.of(table)).stream().skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f[1].endsWith(local) && f[3].equals("06"))
                    .count();
        }
        return n;
    }
}
