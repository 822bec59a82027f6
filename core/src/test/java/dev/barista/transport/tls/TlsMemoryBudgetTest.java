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
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What TLS holds for a connection is in the server's memory budget while it is held (ciphertext the client has
 * not taken), and given back when the connection ends, however it ends: a client that stops reading a large
 * answer is closed at the write timeout, and the budget returns to zero (as it does over cleartext).
 */
class TlsMemoryBudgetTest {
    private static final int BIG = 32 * 1024 * 1024;
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aClientThatStopsReadingGivesTheBudgetBackWhenItIsClosed(Model model) throws Exception {
        byte[] big = new byte[BIG];
        Server server = fx.start(ServerFixture.builder().model(model).memoryBudget(256L * 1024 * 1024)
                .timeouts(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofMillis(800), Duration.ofSeconds(2)))
                .tls(TlsConfig.selfSigned().build(), 0)
                .get("/big", request -> Response.status(200).body(big)));
        SSLContext trusting = TlsFixtures.clientTrusting(server.config().tls().selfSignedCertificate().orElseThrow());
        for (int round = 0; round < 2; round++) {
            try (SSLSocket client = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1",
                    server.securePort())) {
                client.setReceiveBufferSize(16 * 1024);
                client.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                // Never read: the answer waits in the server, counted, until the write timeout closes it.
                Await.until("the unsent answer counted", Duration.ofSeconds(10),
                        () -> server.snapshot().memory().usedBytes() > 0);
                Await.until("closed at the write timeout", Duration.ofSeconds(10),
                        () -> server.stats().openConnections.get() == 0);
                Await.until("the budget given back", Duration.ofSeconds(5),
                        () -> server.snapshot().memory().usedBytes() == 0);
            }
        }
        assertThat(server.stats().closedBy(CloseReason.WRITE_TIMEOUT)).isEqualTo(2);
    }

    /** The same over cleartext: the transport's own unsent bytes are given back as well. */
    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aCleartextClientThatStopsReadingGivesTheBudgetBackToo(Model model) throws Exception {
        byte[] big = new byte[BIG];
        Server server = fx.start(ServerFixture.builder().model(model).memoryBudget(256L * 1024 * 1024)
                .timeouts(new Timeouts(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10),
                        Duration.ofMillis(800), Duration.ofSeconds(2)))
                .get("/big", request -> Response.status(200).body(big)));
        try (java.net.Socket client = new java.net.Socket()) {
            client.setReceiveBufferSize(16 * 1024);
            client.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            client.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Await.until("the unsent answer counted", Duration.ofSeconds(10),
                    () -> server.snapshot().memory().usedBytes() > 0);
            Await.until("closed at the write timeout", Duration.ofSeconds(10),
                    () -> server.stats().openConnections.get() == 0);
            Await.until("the budget given back", Duration.ofSeconds(5),
                    () -> server.snapshot().memory().usedBytes() == 0);
        }
        assertThat(server.stats().closedBy(CloseReason.WRITE_TIMEOUT)).isEqualTo(1);
    }
}
