package dev.barista.cli;

import dev.barista.Server;
import dev.barista.server.Http2Config;
import dev.barista.server.TlsConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * {@code serve}'s HTTPS and HTTP/2 options: a TLS listener beside the cleartext one, from PEM or PKCS#12 files
 * or a self-signed development certificate, and whether the cleartext listener serves h2c.
 */
final class TlsOptions {
    static final String SELF_SIGNED = "self-signed";

    @Option(names = "--tls", paramLabel = "self-signed", description = "Serve HTTPS with a self-signed certificate "
            + "for localhost, 127.0.0.1 and ::1 made at start (development only; clients need -k or to trust its "
            + "printed fingerprint).")
    String mode;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "The certificate chain (PEM, leaf first), or a "
            + "PKCS#12 file (.p12/.pfx) with --tls-key-password.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PEM: PKCS#8, "
            + "PKCS#1 or SEC1; encrypted PKCS#8 with --tls-key-password).")
    Path key;

    @Option(names = "--tls-key-password", paramLabel = "PASSWORD", description = "Password of an encrypted key or "
            + "of a PKCS#12 file; or set BARISTA_TLS_KEY_PASSWORD.", defaultValue = "${env:BARISTA_TLS_KEY_PASSWORD}")
    String keyPassword;

    @Option(names = "--tls-port", converter = NumberRanges.Port.class, defaultValue = "8443",
            description = "Port of the HTTPS listener (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--redirect-https", description = "Answer every cleartext request with a 308 redirect to HTTPS "
            + "(health checks excepted).")
    boolean redirect;

    @Option(names = "--no-h2c", description = "Serve only HTTP/1.1 on the cleartext port (h2c, HTTP/2 without TLS by "
            + "prior knowledge or Upgrade, is on by default).")
    boolean noH2c;

    /** Whether a TLS listener was asked for. */
    boolean enabled() {
        return mode != null || certificate != null;
    }

    void addTo(Server.Builder builder) {
        if (noH2c) builder.http2(builder.config().http2().withCleartext(false));
        if (!enabled()) {
            if (redirect) throw new CommandFailure("--redirect-https needs --tls or --tls-cert");
            return;
        }
        builder.tls(config(), port);
        if (redirect) builder.redirectToHttps(true);
    }

    private TlsConfig config() {
        if (mode != null) {
            if (!mode.equals(SELF_SIGNED)) {
                throw new CommandFailure("--tls takes 'self-signed' (for files use --tls-cert FILE --tls-key FILE)");
            }
            if (certificate != null) throw new CommandFailure("--tls self-signed and --tls-cert exclude each other");
            return TlsConfig.selfSigned().build();
        }
        if (!Files.isReadable(certificate)) {
            throw new CommandFailure("cannot read --tls-cert " + certificate + " (a PEM chain or a PKCS#12 file)");
        }
        char[] password = keyPassword == null ? null : keyPassword.toCharArray();
        String name = certificate.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        try {
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                if (password == null) throw new CommandFailure("a PKCS#12 --tls-cert needs --tls-key-password");
                return TlsConfig.pkcs12(certificate, password).build();
            }
            if (key == null) throw new CommandFailure("--tls-cert needs --tls-key FILE (its private key, PEM)");
            TlsConfig.Builder tls = TlsConfig.pem(certificate, key);
            if (password != null) tls.keyPassword(password);
            return tls.build();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /** What to print about the TLS listener once it serves. */
    static String describe(Server server, String shownHost) {
        String url = "https://" + shownHost + ":" + server.securePort();
        return server.config().tls().selfSignedCertificate()
                .map(X509Certificate.class::cast)
                .map(c -> url + " (self-signed, SHA-256 " + TlsConfig.fingerprint(c) + "; curl -k, or trust it)")
                .orElse(url);
    }

    static Http2Config http2(Server server) {
        return server.config().http2();
    }
}
