package dev.barista.transport.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import static dev.barista.transport.tls.TlsFixtures.openssl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every key format operators have, made by openssl the way they make them, reads as the key of its
 * certificate; what cannot be read is refused in one line that names the file and says what to do.
 */
class PemFilesTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path dir;

    @Test
    void rsaPkcs8KeyFromOpensslReq() throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=rsa.test");
        assertThat(Files.readString(dir.resolve("key.pem"))).contains("BEGIN PRIVATE KEY");
        assertKeyOfCertificate("cert.pem", "key.pem", null, "RSA");
    }

    @Test
    void rsaPkcs1Key() throws Exception {
        openssl(dir, "genrsa", "-traditional", "-out", "key.pem", "2048");
        selfSign("key.pem", "cert.pem");
        assertThat(Files.readString(dir.resolve("key.pem"))).contains("BEGIN RSA PRIVATE KEY");
        assertKeyOfCertificate("cert.pem", "key.pem", null, "RSA");
    }

    @Test
    void ecSec1KeyWithParametersBlockFromEcparam() throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
        selfSign("key.pem", "cert.pem");
        assertThat(Files.readString(dir.resolve("key.pem"))).contains("BEGIN EC PARAMETERS", "BEGIN EC PRIVATE KEY");
        assertKeyOfCertificate("cert.pem", "key.pem", null, "EC");
    }

    @Test
    void ecSec1KeyOnP384WithoutParametersBlock() throws Exception {
        openssl(dir, "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "key.pem");
        selfSign("key.pem", "cert.pem");
        assertKeyOfCertificate("cert.pem", "key.pem", null, "EC");
    }

    @Test
    void ed25519Key() throws Exception {
        openssl(dir, "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
        selfSign("key.pem", "cert.pem");
        assertKeyOfCertificate("cert.pem", "key.pem", null, "EdDSA");
    }

    @Test
    void encryptedPkcs8KeyWithItsPassword() throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "plain.pem");
        selfSign("plain.pem", "cert.pem");
        openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem",
                "-passout", "pass:" + new String(PASSWORD));
        assertThat(Files.readString(dir.resolve("key.pem"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertKeyOfCertificate("cert.pem", "key.pem", PASSWORD, "EC");
    }

    @Test
    void encryptedRsaKeyWithItsPassword() throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "plain.pem", "-out", "cert.pem",
                "-days", "2", "-subj", "/CN=rsa.test");
        openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem",
                "-passout", "pass:" + new String(PASSWORD));
        assertKeyOfCertificate("cert.pem", "key.pem", PASSWORD, "RSA");
    }

    @Test
    void encryptedKeyWithTheWrongPasswordOrNoneIsRefused() throws Exception {
        openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "plain.pem");
        openssl(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.pem", "-out", "key.pem",
                "-passout", "pass:" + new String(PASSWORD));
        Path key = dir.resolve("key.pem");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(key, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining("wrong password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(key, null))
                .hasMessageContaining(key.toString()).hasMessageContaining("encrypted")
                .hasMessageContaining("keyPassword");
    }

    @Test
    void legacyOpensslEncryptionIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        openssl(dir, "genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "key.pem", "2048");
        Path key = dir.resolve("key.pem");
        assertThat(Files.readString(key)).contains("Proc-Type: 4,ENCRYPTED");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(key, "secret".toCharArray()))
                .hasMessageContaining(key.toString()).hasMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void aChainIsReadLeafFirstAndACombinedFileServesAsBoth() throws Exception {
        SelfSignedCertificate leaf = TlsFixtures.certificateFor("leaf.test");
        SelfSignedCertificate other = TlsFixtures.certificateFor("ca.test");
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, "Bag Attributes: text openssl leaves around blocks\n"
                + TlsFixtures.pem("CERTIFICATE", leaf.certificate().getEncoded())
                + TlsFixtures.pem("CERTIFICATE", other.certificate().getEncoded())
                + TlsFixtures.pem("PRIVATE KEY", leaf.key().getEncoded()).replace("\n", "\r\n"));

        List<X509Certificate> chain = PemFiles.readCertificates(combined);
        assertThat(chain).containsExactly(leaf.certificate(), other.certificate());
        assertThat(PemFiles.readPrivateKey(combined, null)).isEqualTo(leaf.key());
    }

    @Test
    void missingFilesAndFilesWithoutTheBlockAreNamed() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> PemFiles.readCertificates(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("TLS file not found: " + missing);

        Path keyOnly = dir.resolve("key-only.pem");
        Files.writeString(keyOnly, TlsFixtures.pem("PRIVATE KEY", TlsFixtures.certificateFor("x.test").key()
                .getEncoded()));
        assertThatThrownBy(() -> PemFiles.readCertificates(keyOnly))
                .hasMessageContaining(keyOnly.toString()).hasMessageContaining("no -----BEGIN CERTIFICATE-----");

        Path certificateOnly = dir.resolve("cert-only.pem");
        Files.writeString(certificateOnly, TlsFixtures.pem("CERTIFICATE", TlsFixtures.certificateFor("x.test")
                .certificate().getEncoded()));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(certificateOnly, null))
                .hasMessageContaining(certificateOnly.toString()).hasMessageContaining("no private key found");
    }

    @Test
    void damagedBlocksAreReportedWithTheirLine() throws Exception {
        Path truncated = dir.resolve("truncated.pem");
        Files.writeString(truncated, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertThatThrownBy(() -> PemFiles.readCertificates(truncated)).hasMessageContaining("no END line");

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nMIIB!!notbase64\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(garbage, null))
                .hasMessageContaining(garbage.toString()).hasMessageContaining("line 3");

        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, TlsFixtures.pem("PRIVATE KEY", new byte[]{0x30, 0x03, 0x02, 0x01, 0x00}));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(notAKey, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(notAKey.toString());
    }

    private void selfSign(String key, String certificate) throws Exception {
        openssl(dir, "req", "-x509", "-new", "-key", key, "-out", certificate, "-days", "2", "-subj", "/CN=x.test");
    }

    private void assertKeyOfCertificate(String certificate, String key, char[] password, String algorithm) {
        X509Certificate leaf = PemFiles.readCertificates(dir.resolve(certificate)).getFirst();
        PrivateKey privateKey = PemFiles.readPrivateKey(dir.resolve(key), password);
        assertThat(privateKey.getAlgorithm()).isEqualTo(algorithm);
        assertThat(CertifiedKey.belongsTo(privateKey, leaf.getPublicKey())).isTrue();
    }
}
