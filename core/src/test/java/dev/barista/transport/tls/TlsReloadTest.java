package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;

import static dev.barista.transport.tls.InMemoryHandshake.run;
import static dev.barista.transport.tls.TlsFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A reload re-reads the files: the next handshake presents the new certificate, an engine made before keeps
 * the old one, and files that do not load leave the current certificate in place.
 */
class TlsReloadTest {
    @TempDir
    Path dir;

    private final SelfSignedCertificate before = TlsFixtures.certificateFor("localhost");
    private final SelfSignedCertificate after = TlsFixtures.certificateFor("localhost");
    private Path chain;
    private Path key;

    @BeforeEach
    void writeTheFirstCertificate() throws Exception {
        chain = dir.resolve("chain.pem");
        key = dir.resolve("key.pem");
        TlsFixtures.writePem(before, chain, key);
    }

    @Test
    void theNextHandshakeGetsTheNewCertificateAndAnOpenConnectionKeepsItsOwn() throws Exception {
        TlsContext tls = TlsContext.create(TlsConfig.pem(chain, key).build());
        SSLEngine openBeforeReload = tls.newServerEngine(null, -1);
        assertThat(presented(tls.newServerEngine(null, -1))).isEqualTo(before.certificate());

        TlsFixtures.writePem(after, chain, key);
        tls.reload();

        assertThat(presented(tls.newServerEngine(null, -1))).isEqualTo(after.certificate());
        assertThat(presented(openBeforeReload)).isEqualTo(before.certificate());
        assertThat(tls.certificates()).containsExactly(after.certificate());
    }

    @Test
    void aFailedReloadKeepsTheCurrentCertificate() throws Exception {
        TlsContext tls = TlsContext.create(TlsConfig.pem(chain, key).build());

        // A half-finished rotation: the new certificate is in place, its key is not yet.
        Files.writeString(chain, TlsFixtures.pem("CERTIFICATE", after.certificate().getEncoded()));
        assertThatThrownBy(tls::reload)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TLS reload failed, still serving the previous certificates: ")
                .hasMessageContaining(key.toString()).hasMessageContaining("does not match")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(presented(tls.newServerEngine(null, -1))).isEqualTo(before.certificate());

        Files.delete(key);
        assertThatThrownBy(tls::reload).hasMessageContaining("TLS file not found: " + key);
        assertThat(presented(tls.newServerEngine(null, -1))).isEqualTo(before.certificate());
    }

    @Test
    void aSelfSignedCertificateStaysTheSame() throws Exception {
        TlsConfig config = TlsConfig.selfSigned().build();
        X509Certificate generated = config.selfSignedCertificate().orElseThrow();
        TlsContext tls = TlsContext.create(config);
        tls.reload();
        SSLEngine client = client(TlsFixtures.clientTrusting(generated), "localhost", 443);
        assertThat(run(client, tls.newServerEngine(null, -1)).completed()).isTrue();
        assertThat(TlsFixtures.presented(client)).isEqualTo(generated);
    }

    private X509Certificate presented(SSLEngine server) throws Exception {
        // A new client context each time: a resumed session would present no certificate at all.
        SSLEngine client = client(TlsFixtures.clientTrusting(before.certificate(), after.certificate()),
                "localhost", 443);
        assertThat(run(client, server).completed()).isTrue();
        return TlsFixtures.presented(client);
    }
}
