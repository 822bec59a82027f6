package dev.barista.transport.tls;

import dev.barista.Server;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.server.CloseReason;
import dev.barista.server.Timeouts;
import dev.barista.server.TlsConfig;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What TLS holds for a connection is in the server's memory budget while it is held (ciphertext the client has
 * not taken), and given back when the connection ends, however it ends: a client that stops reading a large
 * answer is closed at the write timeout, and the budget returns to zero (as it does over cleartext).
 */
class TlsMemoryBudgetTest {
    private static final byte[] BIG = new byte[32 * 1024 * 1024];
    private static final byte[] GET_BIG = "GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model, boolean tls) throws IOException {
        Server.Builder builder = ServerFixture.builder().model(model).memoryBudget(256L * 1024 * 1024)
                .timeouts(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofMillis(800), Duration.ofSeconds(2)))
                .get("/big", request -> Response.status(200).body(BIG));
        if (tls) builder.tls(TlsConfig.selfSigned().build(), 0);
        return fx.start(builder);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aClientThatStopsReadingGivesTheBudgetBackWhenItIsClosed(Model model) throws Exception {
        Server server = start(model, true);
        SSLContext trusting = TlsFixtures.clientTrusting(server.config().tls().selfSignedCertificate().orElseThrow());
        for (int round = 0; round < 2; round++) {
            try (Socket tcp = unreadSocket(server.securePort());
                 Socket client = trusting.getSocketFactory().createSocket(tcp, "127.0.0.1", server.securePort(), true)) {
                client.getOutputStream().write(GET_BIG);
                heldThenGivenBack(server);
            }
        }
        assertThat(server.stats().closedBy(CloseReason.WRITE_TIMEOUT)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aCleartextClientThatStopsReadingGivesTheBudgetBackToo(Model model) throws Exception {
        Server server = start(model, false);
        try (Socket client = unreadSocket(server.port())) {
            client.getOutputStream().write(GET_BIG);
            heldThenGivenBack(server);
        }
        assertThat(server.stats().closedBy(CloseReason.WRITE_TIMEOUT)).isEqualTo(1);
    }

    /** A connection with a small receive window, so that most of the answer stays in the server. */
    private static Socket unreadSocket(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    /** Never read: the answer waits in the server, counted, until the write timeout closes it and gives it back. */
    private static void heldThenGivenBack(Server server) {
        Await.until("the unsent answer counted", Duration.ofSeconds(10), () -> server.snapshot().memory().usedBytes() > 0);
        Await.until("closed at the write timeout", Duration.ofSeconds(10), () -> server.stats().openConnections.get() == 0);
        Await.until("the budget given back", Duration.ofSeconds(5), () -> server.snapshot().memory().usedBytes() == 0);
    }
}
