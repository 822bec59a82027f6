package dev.barista.transport.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.barista.transport.tls.TlsFixtures.openssl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development certificate is a well-formed X.509 v3 server certificate for the local names: the JDK parses
 * it back and verifies it with its own key, and it says what a browser and openssl look for.
 */
class SelfSignedCertificateTest {
    @TempDir
    Path dir;

    @Test
    void parsesAndVerifiesWithItsOwnPublicKey() throws Exception {
        SelfSignedCertificate generated = SelfSignedCertificate.forLocalhost();
        X509Certificate certificate = generated.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getVersion()).isEqualTo(3);
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(CertifiedKey.belongsTo(generated.key(), certificate.getPublicKey())).isTrue();
    }

    @Test
    void namesLocalhostAndBothLoopbackAddresses() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.forLocalhost().certificate();
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(CertifiedKey.hostNames(certificate)).containsExactly("localhost");
        assertThat(InetAddress.ofLiteral("::1").getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void isAServerCertificateAndNoAuthority() throws Exception {
        X509Certificate certificate = SelfSignedCertificate.forLocalhost().certificate();
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()).startsWith(true, false, false, false, false, false);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    }

    @Test
    void validFromAnHourAgoForThirtyDaysWithARandomPositiveSerial() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate first = SelfSignedCertificate.generate(List.of("localhost"), now).certificate();
        X509Certificate second = SelfSignedCertificate.generate(List.of("localhost"), now).certificate();

        assertThat(first.getNotBefore().toInstant()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(first.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(30)));
        assertThat(first.getSerialNumber().signum()).isEqualTo(1);
        assertThat(first.getSerialNumber().bitLength()).isLessThanOrEqualTo(128).isGreaterThan(64);
        assertThat(first.getSerialNumber()).isNotEqualTo(second.getSerialNumber());
    }

    @Test
    void datesFrom2050AreGeneralizedTime() {
        Instant later = Instant.parse("2051-03-04T05:06:07Z");
        X509Certificate certificate = SelfSignedCertificate.generate(List.of("future.test"), later).certificate();
        assertThat(certificate.getNotBefore().toInstant()).isEqualTo(later.minus(Duration.ofHours(1)));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(later.plus(Duration.ofDays(30)));
    }

    @Test
    void opensslReadsItAndFindsTheNames() throws Exception {
        SelfSignedCertificate generated = SelfSignedCertificate.forLocalhost();
        TlsFixtures.writePem(generated, dir.resolve("cert.pem"), dir.resolve("key.pem"));
        openssl(dir, "x509", "-in", "cert.pem", "-noout", "-text", "-out", "text.txt");
        String text = Files.readString(dir.resolve("text.txt"));
        assertThat(text).contains("DNS:localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1",
                "CA:FALSE", "Digital Signature", "TLS Web Server Authentication", "ecdsa-with-SHA256");
        // openssl checks the self-signature too, and that the key is the certificate's
        openssl(dir, "verify", "-CAfile", "cert.pem", "cert.pem");
        openssl(dir, "x509", "-in", "cert.pem", "-noout", "-pubkey", "-out", "from-cert.pub");
        openssl(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "from-key.pub");
        assertThat(Files.readString(dir.resolve("from-key.pub")))
                .isEqualTo(Files.readString(dir.resolve("from-cert.pub")));
    }
}
