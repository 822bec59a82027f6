package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;

import static dev.barista.transport.tls.InMemoryHandshake.run;
import static dev.barista.transport.tls.TlsFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server engine from {@link TlsContext} against JDK client engines in memory: TLS 1.3 by default, 1.2 with
 * forward-secret AEAD suites, ALPN by the server's preference; older protocols, CBC suites and a client's
 * renegotiation refused.
 */
class TlsHandshakeTest {
    private final SelfSignedCertificate localhost = TlsFixtures.certificateFor("localhost");
    private final TlsContext tls = TlsContext.create(TlsConfig.builder()
            .certificate(List.of(localhost.certificate()), localhost.key()).build());

    @TempDir
    Path dir;

    @Test
    void negotiatesTls13AndH2WhenTheClientOffersH2AndHttp11() throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443, "h2", "http/1.1");
        SSLEngine server = tls.newServerEngine("127.0.0.1", 50000);

        assertThat(run(client, server).completed()).isTrue();
        assertThat(server.getUseClientMode()).isFalse();
        assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.3");
        assertThat(client.getApplicationProtocol()).isEqualTo("h2");
        assertThat(server.getApplicationProtocol()).isEqualTo("h2");
    }

    @Test
    void choosesHttp11WhenTheClientOffersOnlyThat() throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443, "http/1.1");
        SSLEngine server = tls.newServerEngine(null, -1);

        assertThat(run(client, server).completed()).isTrue();
        assertThat(server.getApplicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void choosesNoProtocolWhenTheClientOffersNoAlpn() throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443);
        SSLEngine server = tls.newServerEngine(null, -1);

        assertThat(run(client, server).completed()).isTrue();
        assertThat(server.getApplicationProtocol()).isEmpty();
    }

    @Test
    void aClientOfferingOnlyUnknownProtocolsIsRefusedAsRfc7301Asks() throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443, "spdy/3.1");
        SSLEngine server = tls.newServerEngine(null, -1);

        assertThat(run(client, server).serverFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("no_application_protocol");
    }

    @Test
    void theServersSuiteOrderWins() throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443);
        client.setEnabledCipherSuites(new String[]{"TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"});
        SSLEngine server = tls.newServerEngine(null, -1);

        assertThat(run(client, server).completed()).isTrue();
        assertThat(server.getSession().getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void aTls12ClientWithAnEcdheGcmSuiteIsServed() throws Exception {
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
            SSLEngine client = tls12Client(suite);
            SSLEngine server = tls.newServerEngine(null, -1);

            assertThat(run(client, server).completed()).as(suite).isTrue();
            assertThat(server.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(server.getSession().getCipherSuite()).isEqualTo(suite);
            assertThat(server.getApplicationProtocol()).isEqualTo("h2");
        }
    }

    @Test
    void aTls12ClientIsServedWithAnRsaCertificateFromOpenssl() throws Exception {
        TlsFixtures.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                "-out", "cert.pem", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
        TlsContext rsa = TlsContext.create(TlsConfig.pem(dir.resolve("cert.pem"), dir.resolve("key.pem")).build());
        SSLContext trusting = TlsFixtures.clientTrusting(rsa.certificates().getFirst());
        for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
            SSLEngine client = client(trusting, "localhost", 443, "h2");
            client.setEnabledProtocols(new String[]{protocol});
            SSLEngine server = rsa.newServerEngine(null, -1);

            assertThat(run(client, server).completed()).as(protocol).isTrue();
            assertThat(server.getSession().getProtocol()).isEqualTo(protocol);
        }
        assertThat(rsa.newServerEngine(null, -1).getSSLParameters().getProtocols())
                .containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void aCbcOnlyTls12ClientIsRefused() throws Exception {
        SSLEngine client = tls12Client("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
        SSLEngine server = tls.newServerEngine(null, -1);

        InMemoryHandshake.Outcome outcome = run(client, server);
        assertThat(outcome.serverFailure()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aTls11ClientHelloIsRefused() {
        // By hand: the JDK's client will not even offer TLS 1.1 (disabled in java.security), but clients exist.
        SSLEngine server = tls.newServerEngine(null, -1);
        assertThat(InMemoryHandshake.feed(server, tls11ClientHello()))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("TLSv1.1");
    }

    @Test
    void aClientsRenegotiationOfTls12IsRefused() throws Exception {
        SSLEngine client = tls12Client("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        SSLEngine server = tls.newServerEngine(null, -1);
        assertThat(run(client, server).completed()).isTrue();

        InMemoryHandshake.Outcome again = run(client, server); // beginHandshake() on an established engine
        assertThat(again.serverFailure()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("renegotiation is not allowed");
        assertThat(System.getProperty(TlsContext.REJECT_CLIENT_RENEGOTIATION)).isEqualTo("true");
    }

    @Test
    void buffersHoldAWholeRecordAndTheHandshakeTimeoutIsTheConfigs() {
        assertThat(tls.packetBufferSize()).isGreaterThan(16 * 1024 + 5);
        assertThat(tls.applicationBufferSize()).isGreaterThanOrEqualTo(16 * 1024);
        assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    private SSLContext trustingLocalhost() throws Exception {
        return TlsFixtures.clientTrusting(localhost.certificate());
    }

    private SSLEngine tls12Client(String... suites) throws Exception {
        SSLEngine client = client(trustingLocalhost(), "localhost", 443, "h2", "http/1.1");
        client.setEnabledProtocols(new String[]{"TLSv1.2"});
        client.setEnabledCipherSuites(suites);
        return client;
    }

    /** A TLS 1.1 ClientHello offering ECDHE-CBC suites, as an old client sends it. */
    private static byte[] tls11ClientHello() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0x03, 0x02}); // client_version TLS 1.1
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session id
        body.writeBytes(new byte[]{0x00, 0x04, (byte) 0xC0, 0x09, (byte) 0xC0, 0x13}); // ECDHE-ECDSA/RSA AES128-SHA
        body.writeBytes(new byte[]{0x01, 0x00}); // null compression
        byte[] extensions = {
                0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0B, 0x00, 0x02, 0x01, 0x00}; // ec_point_formats: uncompressed
        body.writeBytes(new byte[]{0x00, (byte) extensions.length});
        body.writeBytes(extensions);
        byte[] hello = body.toByteArray();

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        int handshakeLength = hello.length + 4;
        record.writeBytes(new byte[]{0x16, 0x03, 0x01, (byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.writeBytes(new byte[]{0x01, 0x00, (byte) (hello.length >> 8), (byte) hello.length});
        record.writeBytes(hello);
        return record.toByteArray();
    }
}
