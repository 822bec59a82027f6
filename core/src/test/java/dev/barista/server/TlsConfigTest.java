package dev.barista.server;

import dev.barista.testing.LogRecords;
import dev.barista.transport.tls.CertifiedKey;
import dev.barista.transport.tls.InMemoryHandshake;
import dev.barista.transport.tls.SelfSignedCertificate;
import dev.barista.transport.tls.TlsContext;
import dev.barista.transport.tls.TlsFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import javax.net.ssl.SSLEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an embedder configures: production defaults, and a build that reads every file once so that whatever
 * is wrong with them stops the server at start in one line naming the file. An expired certificate only warns.
 */
class TlsConfigTest {
    @TempDir
    Path dir;

    private final SelfSignedCertificate localhost = TlsFixtures.certificateFor("localhost");

    @Test
    void defaultsAreTls13And12WithForwardSecretAeadSuitesAndH2First() throws Exception {
        TlsConfig config = TlsConfig.pem(pem(localhost, "a"), dir.resolve("a.key")).build();

        assertThat(config.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(config.cipherSuites()).contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(config.cipherSuites()).filteredOn(s -> s.startsWith("TLS_ECDHE") || !s.contains("_WITH_"))
                .hasSameSizeAs(config.cipherSuites());
        assertThat(config.cipherSuites()).filteredOn(s -> s.contains("_WITH_"))
                .allMatch(s -> s.contains("_GCM_") || s.contains("CHACHA20_POLY1305"))
                .anyMatch(s -> s.contains("ECDSA")).anyMatch(s -> s.contains("_RSA_"));
        assertThat(config.applicationProtocols()).containsExactly("h2", "http/1.1");
        assertThat(config.sessionCacheSize()).isEqualTo(20_000);
        assertThat(config.sessionTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.clientAuth()).isEqualTo(TlsConfig.ClientAuth.NONE);
        assertThat(config.trustedCertificates()).isEmpty();
        assertThat(config.selfSignedCertificate()).isEmpty();
    }

    @Test
    void optionsAreKeptAndCheckedAgainstTheJdk() throws Exception {
        TlsConfig config = TlsConfig.pem(pem(localhost, "a"), dir.resolve("a.key"))
                .protocols("TLSv1.3").cipherSuites("TLS_AES_256_GCM_SHA384").applicationProtocols("http/1.1")
                .sessionCacheSize(10).sessionTimeout(Duration.ofHours(1)).handshakeTimeout(Duration.ofSeconds(3))
                .build();
        assertThat(config.protocols()).containsExactly("TLSv1.3");
        assertThat(config.cipherSuites()).containsExactly("TLS_AES_256_GCM_SHA384");
        assertThat(config.applicationProtocols()).containsExactly("http/1.1");
        assertThat(config.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(TlsConfig.pem(dir.resolve("a.pem"), dir.resolve("a.key")).applicationProtocols().build()
                .applicationProtocols()).isEmpty();

        TlsConfig.Builder builder = TlsConfig.pem(dir.resolve("a.pem"), dir.resolve("a.key"));
        assertThatThrownBy(() -> builder.cipherSuites("TLS_NO_SUCH_SUITE").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS cipher suite TLS_NO_SUCH_SUITE is not supported by this JDK");
        assertThatThrownBy(() -> builder.protocols("TLSv9").build())
                .hasMessage("TLS protocol TLSv9 is not supported by this JDK");
        assertThatThrownBy(() -> builder.protocols()).hasMessage("TLS protocols must not be empty");
        assertThatThrownBy(() -> builder.applicationProtocols("")).hasMessageContaining("1 to 255 bytes");
        assertThatThrownBy(() -> builder.handshakeTimeout(Duration.ZERO)).hasMessageContaining("> 0");
        assertThatThrownBy(() -> builder.sessionCacheSize(0)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> TlsConfig.builder().build()).hasMessage("TLS needs at least one certificate");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path chain = pem(localhost, "a");
        Path missingKey = dir.resolve("missing.key");
        assertThatThrownBy(() -> TlsConfig.pem(chain, missingKey).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("TLS file not found: " + missingKey);
        Path missingChain = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TlsConfig.pem(missingChain, dir.resolve("a.key")).build())
                .hasMessage("TLS file not found: " + missingChain);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        Path chain = pem(localhost, "a");
        Path otherKey = pem(TlsFixtures.certificateFor("other"), "b").resolveSibling("b.key");

        assertThatThrownBy(() -> TlsConfig.pem(chain, otherKey).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TLS certificate " + chain + " with key " + otherKey
                        + ": the private key does not match the certificate CN=localhost");
    }

    @Test
    void aChainWithTheLeafNotFirstIsRefusedWithTheFix() throws Exception {
        SelfSignedCertificate intermediate = TlsFixtures.certificateFor("intermediate");
        Path chain = dir.resolve("reversed.pem");
        Files.writeString(chain, TlsFixtures.pem("CERTIFICATE", intermediate.certificate().getEncoded())
                + TlsFixtures.pem("CERTIFICATE", localhost.certificate().getEncoded()));
        pem(localhost, "a");

        assertThatThrownBy(() -> TlsConfig.pem(chain, dir.resolve("a.key")).build())
                .hasMessageContaining("the key belongs to certificate 2 of the chain, not the first");
    }

    @Test
    void anExpiredCertificateOnlyWarns() throws Exception {
        SelfSignedCertificate expired = SelfSignedCertificate.generate(List.of("old.test"),
                Instant.now().minus(Duration.ofDays(60)));
        try (LogRecords log = LogRecords.of(CertifiedKey.class)) {
            TlsConfig config = TlsConfig.pem(pem(expired, "old"), dir.resolve("old.key")).build();

            assertThat(config.certificates()).hasSize(1);
            assertThat(log.all()).anySatisfy(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getMessage()).contains(dir.resolve("old.pem").toString(), "expired", "CN=old.test");
            });
        }
    }

    @Test
    void pkcs12FromOpensslIsServedAndAWrongPasswordIsNamed() throws Exception {
        pem(localhost, "a");
        TlsFixtures.openssl(dir, "pkcs12", "-export", "-in", "a.pem", "-inkey", "a.key", "-out", "a.p12",
                "-passout", "pass:store-secret");
        Path store = dir.resolve("a.p12");

        TlsConfig config = TlsConfig.pkcs12(store, "store-secret".toCharArray()).build();
        SSLEngine client = TlsFixtures.client(TlsFixtures.clientTrusting(localhost.certificate()), "localhost", 443);
        assertThat(InMemoryHandshake.run(client, TlsContext.create(config).newServerEngine(null, -1)).completed())
                .isTrue();
        assertThat(TlsFixtures.presented(client)).isEqualTo(localhost.certificate());

        assertThatThrownBy(() -> TlsConfig.pkcs12(store, "wrong".toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("TLS PKCS#12 file " + store + ": wrong password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anEncryptedKeysPasswordFollowsItsCertificate() throws Exception {
        pem(localhost, "a");
        TlsFixtures.openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "a.key", "-out", "a-enc.key",
                "-passout", "pass:key-secret");
        char[] password = "key-secret".toCharArray();
        TlsConfig config = TlsConfig.builder().certificate(List.of(localhost.certificate()), localhost.key())
                .certificate(dir.resolve("a.pem"), dir.resolve("a-enc.key")).keyPassword(password).build();
        password[0] = 'X'; // the config took a copy

        assertThat(TlsContext.create(config).certificates()).hasSize(2);
        assertThatThrownBy(() -> TlsConfig.builder().keyPassword(password))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("right after pem(");
        assertThatThrownBy(() -> TlsConfig.selfSigned().keyPassword(password))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void selfSignedShowsItsCertificateAndFingerprint() throws Exception {
        TlsConfig config = TlsConfig.selfSigned().build();
        X509Certificate certificate = config.selfSignedCertificate().orElseThrow();
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(config.certificates().getFirst().toString()).startsWith("self-signed certificate CN=localhost");

        String fingerprint = TlsConfig.fingerprint(certificate);
        assertThat(fingerprint).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        Files.writeString(dir.resolve("self.pem"), TlsFixtures.pem("CERTIFICATE", certificate.getEncoded()));
        TlsFixtures.openssl(dir, "x509", "-in", "self.pem", "-noout", "-fingerprint", "-sha256", "-out", "fp.txt");
        assertThat(Files.readString(dir.resolve("fp.txt")).strip()).endsWith("=" + fingerprint);
    }

    @Test
    void clientAuthNeedsTrustedCertificates() throws Exception {
        Path chain = pem(localhost, "a");
        TlsConfig.Builder builder = TlsConfig.pem(chain, dir.resolve("a.key"));
        assertThatThrownBy(() -> builder.clientAuth(TlsConfig.ClientAuth.REQUIRED, null))
                .hasMessage("TLS clientAuth REQUIRED needs a trusted certificates file");
        Path missing = dir.resolve("ca.pem");
        assertThatThrownBy(() -> builder.clientAuth(TlsConfig.ClientAuth.REQUIRED, missing).build())
                .hasMessage("TLS file not found: " + missing);
        TlsConfig config = builder.clientAuth(TlsConfig.ClientAuth.REQUESTED, chain).build();
        assertThat(config.clientAuth()).isEqualTo(TlsConfig.ClientAuth.REQUESTED);
        assertThat(config.trustedCertificates()).contains(chain);
    }

    /** Writes {@code certificate} as {@code name.pem} and its key as {@code name.key}; returns the .pem. */
    private Path pem(SelfSignedCertificate certificate, String name) throws Exception {
        Path chain = dir.resolve(name + ".pem");
        TlsFixtures.writePem(certificate, chain, dir.resolve(name + ".key"));
        return chain;
    }
}
