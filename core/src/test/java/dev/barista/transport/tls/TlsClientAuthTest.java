package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;
import dev.barista.server.TlsConfig.ClientAuth;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static dev.barista.transport.tls.InMemoryHandshake.run;
import static dev.barista.transport.tls.TlsFixtures.client;
import static dev.barista.transport.tls.TlsFixtures.openssl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutual TLS: with client certificates required, only a client presenting one that chains to the configured
 * authorities is served; with them requested, a client without one is served too.
 */
class TlsClientAuthTest {
    @TempDir
    Path dir;

    private final SelfSignedCertificate server = TlsFixtures.certificateFor("localhost");
    private X509Certificate clientCertificate;
    private PrivateKey clientKey;

    @BeforeEach
    void makeAClientCertificate() throws Exception {
        // openssl, because a client certificate needs extendedKeyUsage clientAuth, which the server's checks demand
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "client-key.pem", "-out", "client.pem", "-days", "2", "-subj", "/CN=client",
                "-addext", "extendedKeyUsage=clientAuth");
        clientCertificate = PemFiles.readCertificates(dir.resolve("client.pem")).getFirst();
        clientKey = PemFiles.readPrivateKey(dir.resolve("client-key.pem"), null);
    }

    @Test
    void requiredRefusesAClientWithoutACertificateAndServesOneWithATrustedOne() throws Exception {
        TlsContext tls = context(ClientAuth.REQUIRED);

        SSLEngine anonymous = client(TlsFixtures.clientTrusting(server.certificate()), "localhost", 443);
        assertThat(run(anonymous, tls.newServerEngine(null, -1)).serverFailure()).isNotNull();

        SSLEngine authenticated = client(withClientCertificate(), "localhost", 443);
        SSLEngine serverEngine = tls.newServerEngine(null, -1);
        assertThat(run(authenticated, serverEngine).completed()).isTrue();
        assertThat(serverEngine.getSession().getPeerCertificates()[0]).isEqualTo(clientCertificate);
    }

    @Test
    void requiredRefusesACertificateFromAnotherAuthority() throws Exception {
        SelfSignedCertificate stranger = TlsFixtures.certificateFor("stranger");
        TlsContext tls = context(ClientAuth.REQUIRED);
        SSLEngine client = client(TlsFixtures.clientContext(stranger.certificate(), stranger.key(),
                server.certificate()), "localhost", 443);
        assertThat(run(client, tls.newServerEngine(null, -1)).serverFailure()).isNotNull();
    }

    @Test
    void requestedServesAClientWithoutACertificate() throws Exception {
        TlsContext tls = context(ClientAuth.REQUESTED);
        SSLEngine anonymous = client(TlsFixtures.clientTrusting(server.certificate()), "localhost", 443);
        assertThat(run(anonymous, tls.newServerEngine(null, -1)).completed()).isTrue();

        SSLEngine serverEngine = tls.newServerEngine(null, -1);
        assertThat(run(client(withClientCertificate(), "localhost", 443), serverEngine).completed()).isTrue();
        assertThat(serverEngine.getSession().getPeerCertificates()[0]).isEqualTo(clientCertificate);
    }

    private TlsContext context(ClientAuth mode) {
        return TlsContext.create(TlsConfig.builder().certificate(List.of(server.certificate()), server.key())
                .clientAuth(mode, dir.resolve("client.pem")).build());
    }

    private SSLContext withClientCertificate() throws Exception {
        return TlsFixtures.clientContext(clientCertificate, clientKey, server.certificate());
    }
}
