package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import static dev.barista.transport.tls.InMemoryHandshake.run;
import static dev.barista.transport.tls.TlsFixtures.client;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server presents the certificate for the name the client asked for: exact names before wildcards, a
 * wildcard for one label only, case ignored; no name, or an unknown one, gets the first certificate.
 */
class SniKeyManagerTest {
    private final SelfSignedCertificate fallback = TlsFixtures.certificateFor("default.test");
    private final SelfSignedCertificate a = TlsFixtures.certificateFor("a.test");
    private final SelfSignedCertificate b = TlsFixtures.certificateFor("*.b.test");
    private final SelfSignedCertificate exact = TlsFixtures.certificateFor("exact.b.test");

    @Test
    void eachNameGetsItsCertificateAndOthersTheDefault() throws Exception {
        TlsContext tls = TlsContext.create(TlsConfig.builder()
                .certificate(List.of(fallback.certificate()), fallback.key())
                .certificate(List.of(a.certificate()), a.key())
                .certificate(List.of(b.certificate()), b.key())
                .build());
        SSLContext trusting = TlsFixtures.clientTrusting(fallback.certificate(), a.certificate(), b.certificate());

        // The client checks the name too (endpoint identification HTTPS): a wrong certificate fails the handshake.
        assertThat(presentedFor(tls, trusting, "a.test")).isEqualTo(a.certificate());
        assertThat(presentedFor(tls, trusting, "A.Test")).isEqualTo(a.certificate());
        assertThat(presentedFor(tls, trusting, "www.b.test")).isEqualTo(b.certificate());
        assertThat(presentedFor(tls, trusting, "default.test")).isEqualTo(fallback.certificate());

        assertThat(presentedUnchecked(tls, trusting, "unknown.test")).isEqualTo(fallback.certificate());
        assertThat(presentedUnchecked(tls, trusting, "b.test")).isEqualTo(fallback.certificate());
        assertThat(presentedUnchecked(tls, trusting, "deep.www.b.test")).isEqualTo(fallback.certificate());
        assertThat(presentedUnchecked(tls, trusting, null)).isEqualTo(fallback.certificate());
    }

    @Test
    void exactNamesComeBeforeWildcardsWhateverTheOrder() {
        SniKeyManager keys = managerOf(fallback, b, exact);
        assertThat(keys.choose("EC", "exact.b.test")).isEqualTo("2");
        assertThat(keys.choose("EC", "other.b.test")).isEqualTo("1");
        assertThat(keys.choose("EC", "OTHER.B.TEST.")).isEqualTo("1");
    }

    @Test
    void aCertificateOfAnotherKeyTypeIsNotChosen() {
        SniKeyManager keys = managerOf(fallback, a);
        assertThat(keys.choose("RSA", "a.test")).isNull(); // JSSE then asks for the types the client also allows
        assertThat(keys.choose("EC", "a.test")).isEqualTo("1");
        assertThat(keys.choose("EC", null)).isEqualTo("0");
        assertThat(keys.getServerAliases("EC", null)).containsExactly("0", "1");
        assertThat(keys.getServerAliases("RSA", null)).isNull();
    }

    @Test
    void theDefaultKeepsEveryCertificateForTheFirstsNames() {
        SelfSignedCertificate secondForDefault = TlsFixtures.certificateFor("default.test");
        SniKeyManager keys = managerOf(fallback, a, secondForDefault);
        // Both are EC here, so the first answers; with RSA and EC the client's algorithms would pick.
        assertThat(keys.choose("EC", "nobody.test")).isEqualTo("0");
        assertThat(keys.getCertificateChain("2")[0]).isEqualTo(secondForDefault.certificate());
        assertThat(keys.getCertificateChain("3")).isNull();
        assertThat(keys.getPrivateKey("x")).isNull();
    }

    @Test
    void theCommonNameCountsOnlyWithoutDnsNames() throws Exception {
        SelfSignedCertificate withSan = TlsFixtures.certificateFor("san.test", "10.0.0.1");
        assertThat(CertifiedKey.hostNames(withSan.certificate())).containsExactly("san.test");
        SelfSignedCertificate ipOnly = TlsFixtures.certificateFor("192.0.2.7");
        assertThat(CertifiedKey.hostNames(ipOnly.certificate())).containsExactly("192.0.2.7"); // its CN
    }

    private static SniKeyManager managerOf(SelfSignedCertificate... certificates) {
        return new SniKeyManager(java.util.Arrays.stream(certificates)
                .map(c -> CertifiedKey.checked("test", List.of(c.certificate()), c.key())).toList());
    }

    private static X509Certificate presentedFor(TlsContext tls, SSLContext trusting, String host) throws Exception {
        SSLEngine client = client(trusting, host, 443);
        assertThat(run(client, tls.newServerEngine(null, -1)).completed()).as(host).isTrue();
        return TlsFixtures.presented(client);
    }

    /** For names no certificate is for: the client sends the name but does not hold the server to it. */
    private static X509Certificate presentedUnchecked(TlsContext tls, SSLContext trusting, String host)
            throws Exception {
        SSLEngine client = client(trusting, host, 443);
        var parameters = client.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(""); // null would leave it as it was
        client.setSSLParameters(parameters);
        assertThat(run(client, tls.newServerEngine(null, -1)).completed()).as(host).isTrue();
        return TlsFixtures.presented(client);
    }
}
