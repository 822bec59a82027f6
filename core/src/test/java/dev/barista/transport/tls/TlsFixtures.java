package dev.barista.transport.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Key material and client engines for the TLS tests: generated in memory, written as PEM, or made by openssl. */
public final class TlsFixtures {
    private static final boolean OPENSSL = opensslAvailable();

    private TlsFixtures() {
    }

    /** A fresh self-signed EC certificate for {@code names}, valid now. */
    public static SelfSignedCertificate certificateFor(String... names) {
        return SelfSignedCertificate.generate(List.of(names), Instant.now());
    }

    /** Writes the certificate to {@code chain} and its key, as PKCS#8, to {@code key}. */
    public static void writePem(SelfSignedCertificate certificate, Path chain, Path key) throws Exception {
        Files.writeString(chain, pem("CERTIFICATE", certificate.certificate().getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", certificate.key().getEncoded()));
    }

    public static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /** Runs openssl in {@code dir}; the test is skipped where openssl is not installed. */
    public static void openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        assumeTrue(OPENSSL, "openssl is not installed");
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
    }

    /** A client context that trusts exactly {@code trusted}. */
    public static SSLContext clientTrusting(X509Certificate... trusted) throws Exception {
        return clientContext(null, null, trusted);
    }

    /** A client context that presents {@code ownCertificate} (null: none) and trusts exactly {@code trusted}. */
    public static SSLContext clientContext(X509Certificate ownCertificate, PrivateKey ownKey,
                                           X509Certificate... trusted) throws Exception {
        KeyStore trust = emptyStore();
        for (int i = 0; i < trusted.length; i++) trust.setCertificateEntry("trusted-" + i, trusted[i]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        KeyManager[] keyManagers = null;
        if (ownCertificate != null) {
            KeyStore keys = emptyStore();
            keys.setKeyEntry("client", ownKey, new char[0], new X509Certificate[]{ownCertificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, new char[0]);
            keyManagers = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * A client engine for {@code host:port} that sends {@code host} as SNI (null: no SNI) and checks the
     * server's certificate names it, offering {@code alpn} (none: no ALPN).
     */
    public static SSLEngine client(SSLContext context, String host, int port, String... alpn) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(host == null ? List.of() : List.<SNIServerName>of(new SNIHostName(host)));
        parameters.setEndpointIdentificationAlgorithm(host == null ? null : "HTTPS");
        parameters.setApplicationProtocols(alpn);
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** The certificate the server presented to {@code client}. */
    public static X509Certificate presented(SSLEngine client) throws Exception {
        return (X509Certificate) client.getSession().getPeerCertificates()[0];
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
