package dev.barista.transport.tls;

import dev.barista.Server;
import dev.barista.http.Response;
import dev.barista.server.CloseReason;
import dev.barista.server.TlsConfig;
import dev.barista.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's TLS listener from the outside: certificates renewed while connections stay open, handshakes that
 * do not finish in time, clients that speak plaintext to it, and the cleartext listener's redirect to HTTPS.
 */
@Timeout(60)
class TlsServingTest {
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(Duration.ofSeconds(1));
    }

    private static Server.Builder builder() {
        return Server.builder().host("127.0.0.1").port(0).model("reactor")
                .get("/hello", r -> Response.text("hello " + r.scheme()));
    }

    private static X509Certificate presented(SSLContext context, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void reloadServesTheNewCertificateToNewConnectionsAndKeepsTheOpenOnes(@TempDir Path dir) throws Exception {
        SelfSignedCertificate first = TlsFixtures.certificateFor("localhost", "127.0.0.1");
        SelfSignedCertificate second = TlsFixtures.certificateFor("localhost", "127.0.0.1");
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        TlsFixtures.writePem(first, chain, key);
        server = builder().tls(TlsConfig.pem(chain, key).build(), 0).start();
        SSLContext trustingBoth = TlsFixtures.clientTrusting(first.certificate(), second.certificate());
        assertThat(presented(trustingBoth, server.securePort())).isEqualTo(first.certificate());

        HttpClient open = HttpClient.newBuilder().sslContext(trustingBoth).version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create("https://127.0.0.1:" + server.securePort() + "/hello");
        assertThat(open.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("hello https");

        TlsFixtures.writePem(second, chain, key);
        server.reloadTls();
        assertThat(presented(trustingBoth, server.securePort())).isEqualTo(second.certificate());
        // The connection made before goes on, with the certificate it was made with.
        HttpResponse<String> again = open.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.body()).isEqualTo("hello https");
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(3); // two probes and the one client
        open.close();
    }

    @Test
    void aHandshakeThatDoesNotFinishInTimeIsClosed() throws Exception {
        server = builder().tls(TlsConfig.selfSigned().handshakeTimeout(Duration.ofMillis(300)).build(), 0).start();
        try (Socket silent = new Socket("127.0.0.1", server.securePort())) {
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1); // closed without a byte
        }
        Await.until("the close counted", () -> server.stats().closedBy(CloseReason.HANDSHAKE_FAILED) == 1);
    }

    @Test
    void plaintextSpokenToTheTlsPortIsRefusedAndTheServerGoesOn() throws Exception {
        server = builder().tls(TlsConfig.selfSigned().build(), 0).start();
        try (Socket plain = new Socket("127.0.0.1", server.securePort())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = plain.getInputStream();
            byte[] answer = in.readAllBytes(); // an alert at most, then the close
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("hello");
        }
        SSLContext trusting = TlsFixtures.clientTrusting(server.config().tls().selfSignedCertificate().orElseThrow());
        assertThat(presented(trusting, server.securePort())).isNotNull();
    }

    @Test
    void theCleartextListenerRedirectsToHttpsWhenAsked() throws Exception {
        server = builder().tls(TlsConfig.selfSigned().build(), 0).redirectToHttps(true).start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/hello?x=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(308);
        assertThat(r.headers().firstValue("location")).hasValue("https://127.0.0.1:" + server.securePort() + "/hello?x=1");
        client.close();
    }
}
