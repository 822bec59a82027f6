package dev.barista.server;

import dev.barista.transport.tls.CertifiedKey;
import dev.barista.transport.tls.PemFiles;
import dev.barista.transport.tls.SelfSignedCertificate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * How a server speaks TLS: the certificates it presents (several, chosen by the name the client asks for),
 * and the protocol options, with production defaults: TLS 1.3 and 1.2 only, forward-secret AEAD suites only,
 * the server's suite order, ALPN {@code h2} then {@code http/1.1}, a session cache for resumption, and a
 * handshake deadline. Immutable; {@link Builder#build()} reads every file once to check it, so a missing file,
 * a wrong password or a key that does not match its certificate stops the server at start, in one line.
 *
 * <pre>{@code
 * TlsConfig.pem(Path.of("fullchain.pem"), Path.of("privkey.pem")).build();
 * TlsConfig.pem(chainA, keyA).certificate(chainB, keyB).keyPassword(secretB).build(); // SNI: A is the default
 * TlsConfig.selfSigned().build(); // development: localhost, 127.0.0.1, ::1
 * }</pre>
 */
public final class TlsConfig {
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * Every TLS 1.3 suite; for TLS 1.2 only ECDHE (forward secrecy) with AES-GCM or ChaCha20-Poly1305 (AEAD), for
     * ECDSA and RSA certificates. In Mozilla's "intermediate" order: AES-128 first, fast everywhere and strong.
     */
    public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    public static final List<String> DEFAULT_APPLICATION_PROTOCOLS = List.of("h2", "http/1.1");
    public static final int DEFAULT_SESSION_CACHE_SIZE = 20_000;
    /** Mozilla's recommendation, and the JDK's own default; TLS 1.3 allows tickets up to 7 days. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofDays(1);
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final List<CertificateSource> certificates;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final List<String> applicationProtocols;
    private final int sessionCacheSize;
    private final Duration sessionTimeout;
    private final Duration handshakeTimeout;
    private final ClientAuth clientAuth;
    private final Path trustedCertificates;

    private TlsConfig(Builder b) {
        this.certificates = List.copyOf(b.certificates);
        this.protocols = b.protocols;
        this.cipherSuites = b.cipherSuites;
        this.applicationProtocols = b.applicationProtocols;
        this.sessionCacheSize = b.sessionCacheSize;
        this.sessionTimeout = b.sessionTimeout;
        this.handshakeTimeout = b.handshakeTimeout;
        this.clientAuth = b.clientAuth;
        this.trustedCertificates = b.trustedCertificates;
    }

    /**
     * A certificate from PEM files: {@code certificateChain} holds {@code CERTIFICATE} blocks, the server's own
     * first; {@code privateKey} holds its key as PKCS#8, PKCS#1 (RSA), SEC1 (EC) or encrypted PKCS#8 (then
     * give {@link Builder#keyPassword(char[])}). One file holding both may be given twice.
     */
    public static Builder pem(Path certificateChain, Path privateKey) {
        return builder().certificate(certificateChain, privateKey);
    }

    /** A certificate from a PKCS#12 key store holding one private key; its password opens the key too. */
    public static Builder pkcs12(Path file, char[] password) {
        return builder().pkcs12(file, password);
    }

    /**
     * Development only: an EC P-256 key and a self-signed certificate for {@code localhost}, {@code 127.0.0.1}
     * and {@code ::1}, valid for 30 days, made now (see {@link #selfSignedCertificate()} to print it).
     */
    public static Builder selfSigned() {
        SelfSignedCertificate generated = SelfSignedCertificate.forLocalhost();
        return builder().certificate(new CertificateSource.InMemory(List.of(generated.certificate()),
                generated.key(), true));
    }

    /** No certificate yet: add them with {@link Builder#certificate}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The certificates to present, the default (for clients that send no known name) first. */
    public List<CertificateSource> certificates() {
        return certificates;
    }

    public List<String> protocols() {
        return protocols;
    }

    /** In the server's order of preference, which the server applies. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /**
     * ALPN names in the server's order of preference; empty: no ALPN. A client that offers none is served (and
     * speaks HTTP/1.1); one that offers only names not listed here is refused, as RFC 7301 asks.
     */
    public List<String> applicationProtocols() {
        return applicationProtocols;
    }

    /** Sessions the server remembers for resumption, at most. */
    public int sessionCacheSize() {
        return sessionCacheSize;
    }

    /** How long a session (or TLS 1.3 ticket) may be resumed. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** How long a connection may take to complete its handshake before it is closed (the transport's timer). */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** The PEM file of certificate authorities client certificates must chain to, when clients authenticate. */
    public Optional<Path> trustedCertificates() {
        return Optional.ofNullable(trustedCertificates);
    }

    /** The certificate {@link #selfSigned()} generated, so that it can be shown; empty for real certificates. */
    public Optional<X509Certificate> selfSignedCertificate() {
        for (CertificateSource source : certificates) {
            if (source instanceof CertificateSource.InMemory memory && memory.selfSigned()) {
                return Optional.of(memory.chain().getFirst());
            }
        }
        return Optional.empty();
    }

    /** The SHA-256 fingerprint as browsers and {@code openssl x509 -fingerprint -sha256} show it: AB:CD:... */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot fingerprint a certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsConfig" + certificates + " " + protocols + " alpn=" + applicationProtocols;
    }

    /** Whether clients present certificates (mutual TLS). */
    public enum ClientAuth {
        /** Clients are not asked for a certificate. */
        NONE,
        /** Clients are asked; one that sends none is served, one that sends an untrusted one is refused. */
        REQUESTED,
        /** A client without a trusted certificate is refused during the handshake. */
        REQUIRED
    }

    /** Where one certificate chain and its private key come from; files are read again on every reload. */
    public sealed interface CertificateSource {
        /** PEM files; {@code keyPassword} (null: none) decrypts an encrypted PKCS#8 key. */
        record Pem(Path chain, Path key, char[] keyPassword) implements CertificateSource {
            public Pem {
                Objects.requireNonNull(chain, "chain");
                Objects.requireNonNull(key, "key");
                keyPassword = keyPassword == null ? null : keyPassword.clone();
            }

            @Override
            public char[] keyPassword() {
                return keyPassword == null ? null : keyPassword.clone();
            }

            @Override
            public String toString() {
                return "certificate " + chain + " with key " + key;
            }
        }

        /** A PKCS#12 key store holding exactly one private key entry, opened (and its key) with {@code password}. */
        record Pkcs12(Path file, char[] password) implements CertificateSource {
            public Pkcs12 {
                Objects.requireNonNull(file, "file");
                password = password == null ? new char[0] : password.clone();
            }

            @Override
            public char[] password() {
                return password.clone();
            }

            @Override
            public String toString() {
                return "PKCS#12 file " + file;
            }
        }

        /** Key material the embedder already holds (or {@link TlsConfig#selfSigned()} made); never reloaded. */
        record InMemory(List<X509Certificate> chain, PrivateKey key, boolean selfSigned) implements CertificateSource {
            public InMemory {
                chain = List.copyOf(chain);
                Objects.requireNonNull(key, "key");
                if (chain.isEmpty()) throw new IllegalArgumentException("TLS certificate chain is empty");
            }

            @Override
            public String toString() {
                return (selfSigned ? "self-signed certificate " : "in-memory certificate ")
                        + chain.getFirst().getSubjectX500Principal().getName();
            }
        }
    }

    /** Builds a {@link TlsConfig}; options start at the production defaults above. */
    public static final class Builder {
        private final List<CertificateSource> certificates = new ArrayList<>();
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = DEFAULT_CIPHER_SUITES;
        private List<String> applicationProtocols = DEFAULT_APPLICATION_PROTOCOLS;
        private int sessionCacheSize = DEFAULT_SESSION_CACHE_SIZE;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private Path trustedCertificates;

        private Builder() {
        }

        /** One more certificate from PEM files (see {@link TlsConfig#pem}); the first added is the default. */
        public Builder certificate(Path certificateChain, Path privateKey) {
            return certificate(new CertificateSource.Pem(certificateChain, privateKey, null));
        }

        /** One more certificate the embedder holds in memory (from a vault, say), leaf first. */
        public Builder certificate(List<X509Certificate> chain, PrivateKey key) {
            return certificate(new CertificateSource.InMemory(chain, key, false));
        }

        /** One more certificate from a PKCS#12 key store (see {@link TlsConfig#pkcs12}). */
        public Builder pkcs12(Path file, char[] password) {
            return certificate(new CertificateSource.Pkcs12(file, password));
        }

        public Builder certificate(CertificateSource source) {
            certificates.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The password of the encrypted PEM key of the certificate added last. */
        public Builder keyPassword(char[] password) {
            if (certificates.isEmpty() || !(certificates.getLast() instanceof CertificateSource.Pem pem)) {
                throw new IllegalStateException("keyPassword belongs right after pem(...) or certificate(chain, key)");
            }
            certificates.set(certificates.size() - 1, new CertificateSource.Pem(pem.chain(), pem.key(), password));
            return this;
        }

        /** Protocol versions to accept, such as {@code "TLSv1.3"}; by default TLS 1.3 and 1.2. */
        public Builder protocols(String... names) {
            this.protocols = nonEmpty("protocols", names);
            return this;
        }

        /** Cipher suites in order of preference, by their standard names. */
        public Builder cipherSuites(String... names) {
            this.cipherSuites = nonEmpty("cipherSuites", names);
            return this;
        }

        /** ALPN protocol names in order of preference; none turns ALPN off. */
        public Builder applicationProtocols(String... names) {
            for (String name : names) {
                int length = name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
                if (length == 0 || length > 255) {
                    throw new IllegalArgumentException("ALPN protocol names are 1 to 255 bytes: " + name);
                }
            }
            this.applicationProtocols = List.of(names);
            return this;
        }

        public Builder sessionCacheSize(int sessions) {
            if (sessions < 1) throw new IllegalArgumentException("TLS sessionCacheSize must be >= 1");
            this.sessionCacheSize = sessions;
            return this;
        }

        public Builder sessionTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()
                    || timeout.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("TLS sessionTimeout must be > 0 (and fit in int seconds)");
            }
            this.sessionTimeout = timeout;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("TLS handshakeTimeout must be > 0");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Asks clients for certificates that chain to one of the certificate authorities in the PEM file
         * {@code trustedCertificates} (mutual TLS); {@link ClientAuth#NONE} (the default) asks for none.
         */
        public Builder clientAuth(ClientAuth mode, Path trustedCertificates) {
            this.clientAuth = Objects.requireNonNull(mode, "mode");
            if (mode != ClientAuth.NONE && trustedCertificates == null) {
                throw new IllegalArgumentException("TLS clientAuth " + mode + " needs a trusted certificates file");
            }
            this.trustedCertificates = mode == ClientAuth.NONE ? null : trustedCertificates;
            return this;
        }

        /**
         * Checks the options against what this JDK supports and reads every certificate, key and trust file once.
         *
         * @throws IllegalArgumentException in one line naming the file and what is wrong with it
         */
        public TlsConfig build() {
            if (certificates.isEmpty()) throw new IllegalArgumentException("TLS needs at least one certificate");
            SSLParameters supported = Supported.PARAMETERS;
            requireSupported("protocol", protocols, Set.of(supported.getProtocols()));
            requireSupported("cipher suite", cipherSuites, Set.of(supported.getCipherSuites()));
            for (CertificateSource source : certificates) CertifiedKey.load(source);
            if (trustedCertificates != null) PemFiles.readCertificates(trustedCertificates);
            return new TlsConfig(this);
        }

        private static List<String> nonEmpty(String what, String... names) {
            if (names.length == 0) throw new IllegalArgumentException("TLS " + what + " must not be empty");
            return List.of(names);
        }

        private static void requireSupported(String what, List<String> names, Set<String> supported) {
            for (String name : names) {
                if (!supported.contains(name)) {
                    throw new IllegalArgumentException("TLS " + what + " " + name + " is not supported by this JDK");
                }
            }
        }
    }

    /** What this JDK's TLS implementation knows, asked once. */
    private static final class Supported {
        static final SSLParameters PARAMETERS = supported();

        private static SSLParameters supported() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                // No key or trust managers: nothing is loaded (not even cacerts) just to list names.
                context.init(new KeyManager[0], new TrustManager[0], null);
                return context.getSupportedSSLParameters();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK has no TLS: " + e.getMessage(), e);
            }
        }
    }
}
