package dev.barista.cli;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.process.InheritedProperties;
import dev.barista.server.TlsConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * {@code serve}'s HTTPS and HTTP/2 options: a TLS listener beside the cleartext one, from PEM or PKCS#12 files
 * or a self-signed development certificate, and whether the cleartext listener serves h2c.
 */
final class TlsOptions {
    static final String SELF_SIGNED = "self-signed";
    /** Where a multi-process server's first process left its self-signed certificate for the others. */
    private static final String SHARED_SELF_SIGNED = "barista.tls.self-signed-dir";

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

    void addTo(Server.Builder builder, Model model) {
        if (noH2c) builder.http2(builder.config().http2().withCleartext(false));
        if (!enabled()) {
            if (redirect) throw new CommandFailure("--redirect-https needs --tls or --tls-cert");
            return;
        }
        builder.tls(config(model), port);
        if (redirect) builder.redirectToHttps(true);
    }

    private TlsConfig config(Model model) {
        if (mode != null) {
            if (!mode.equals(SELF_SIGNED)) {
                throw new CommandFailure("--tls takes 'self-signed' (for files use --tls-cert FILE --tls-key FILE)");
            }
            if (certificate != null) throw new CommandFailure("--tls self-signed and --tls-cert exclude each other");
            return selfSigned(model);
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

    /**
     * A certificate made at start. Under a multi-process model every process runs this program again: the
     * first one writes its certificate and key to a directory only this user can read, and its children
     * (told where by an inherited property: a path, never the key) serve that one, so every worker presents
     * the certificate whose fingerprint was printed.
     */
    private static TlsConfig selfSigned(Model model) {
        String shared = System.getProperty(SHARED_SELF_SIGNED);
        if (shared != null) {
            Path dir = Path.of(shared);
            return TlsConfig.pem(dir.resolve("cert.pem"), dir.resolve("key.pem")).build();
        }
        TlsConfig config = TlsConfig.selfSigned().build();
        if (model.multiProcess()) {
            try {
                Path dir = Files.createTempDirectory("barista-tls-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                var source = (TlsConfig.CertificateSource.InMemory) config.certificates().getFirst();
                Path key = dir.resolve("key.pem");
                Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(key, pem("PRIVATE KEY", source.key().getEncoded()));
                Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", source.chain().getFirst().getEncoded()));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                InheritedProperties.set(SHARED_SELF_SIGNED, dir.toString());
            } catch (IOException | java.security.cert.CertificateEncodingException e) {
                throw new CommandFailure("cannot share the self-signed certificate with the worker processes: "
                        + e.getMessage(), e);
            }
        }
        return config;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it eventually
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

}
