package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes the server's {@link SSLEngine}s from a {@link TlsConfig}: its certificates (chosen by SNI), protocols,
 * cipher suites in the server's order, ALPN names, session cache and client authentication. The transports'
 * TLS session drives the engines; this class does no I/O after {@link #create} and {@link #reload}.
 *
 * <p>Key material is one immutable {@link SSLContext}, swapped whole by {@link #reload()}: handshakes that start
 * after it get the new certificates, connections already open keep theirs, and the old session cache goes
 * with the old context, so no session made under a replaced key is resumed. Thread-safe: any thread may make
 * engines while another reloads.
 */
public final class TlsContext {
    private static final System.Logger LOG = System.getLogger(TlsContext.class.getName());
    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        refuseClientRenegotiation();
    }

    private final TlsConfig config;
    /** Whether any certificate comes from files; in-memory and self-signed ones have nothing to re-read. */
    private final boolean reloadable;
    private final int packetBufferSize;
    private final int applicationBufferSize;
    /** Replaced whole by a reload, read by every new engine. */
    private volatile Material material;

    /** One generation of key material: the certificates, and the context whose key manager presents them. */
    private record Material(SSLContext context, List<CertifiedKey> keys) {
    }

    private TlsContext(TlsConfig config, Material material) {
        this.config = config;
        this.material = material;
        this.reloadable = config.certificates().stream()
                .anyMatch(s -> !(s instanceof TlsConfig.CertificateSource.InMemory));
        SSLSession session = material.context().createSSLEngine().getSession(); // before a handshake: the largest sizes
        this.packetBufferSize = session.getPacketBufferSize();
        this.applicationBufferSize = session.getApplicationBufferSize();
    }

    /**
     * Reads the configured certificates and builds the SSL context.
     *
     * @throws IllegalArgumentException in one line, when a file is missing or unusable
     */
    public static TlsContext create(TlsConfig config) {
        return new TlsContext(config, load(config));
    }

    /**
     * An engine for one accepted connection, in server mode with the configured parameters; {@code peerHost}
     * and {@code peerPort} only label its sessions (null and -1 when unknown).
     */
    public SSLEngine newServerEngine(String peerHost, int peerPort) {
        SSLEngine engine = material.context().createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(config.protocols().toArray(String[]::new));
        parameters.setCipherSuites(config.cipherSuites().toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setApplicationProtocols(config.applicationProtocols().toArray(String[]::new));
        switch (config.clientAuth()) {
            case REQUIRED -> parameters.setNeedClientAuth(true);
            case REQUESTED -> parameters.setWantClientAuth(true);
            case NONE -> { }
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /**
     * Re-reads the configured files and, if all of them are usable, makes new handshakes use them; existing
     * connections are untouched. Does nothing when no certificate comes from a file (self-signed, in memory).
     *
     * @throws IllegalArgumentException in one line, when a file is unusable: the current material stays in use
     */
    public synchronized void reload() {
        if (!reloadable) return;
        Material fresh;
        try {
            fresh = load(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS reload failed, still serving the previous certificates: "
                    + e.getMessage());
        }
        material = fresh;
        LOG.log(System.Logger.Level.INFO, "TLS certificates reloaded");
    }

    /** The largest TLS record the engines read or write: the size of a network-side buffer. */
    public int packetBufferSize() {
        return packetBufferSize;
    }

    /** The largest plaintext one record carries: the size of an application-side buffer. */
    public int applicationBufferSize() {
        return applicationBufferSize;
    }

    /** How long a handshake may take before the transport closes the connection. */
    public Duration handshakeTimeout() {
        return config.handshakeTimeout();
    }

    public TlsConfig config() {
        return config;
    }

    /** The leaf certificate of each configured certificate, as last loaded (for expiry metrics, say). */
    public List<X509Certificate> certificates() {
        return material.keys().stream().map(CertifiedKey::leaf).toList();
    }

    private static Material load(TlsConfig config) {
        List<CertifiedKey> keys = new ArrayList<>();
        for (TlsConfig.CertificateSource source : config.certificates()) keys.add(CertifiedKey.load(source));
        SniKeyManager keyManager = new SniKeyManager(keys);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[]{keyManager}, trustManagers(config), null);
            context.getServerSessionContext().setSessionCacheSize(config.sessionCacheSize());
            context.getServerSessionContext().setSessionTimeout((int) config.sessionTimeout().toSeconds());
            return new Material(context, List.copyOf(keys));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise TLS: " + e.getMessage(), e);
        }
    }

    /** The certificate authorities client certificates must chain to; none (not even cacerts) when unused. */
    private static TrustManager[] trustManagers(TlsConfig config) throws GeneralSecurityException {
        if (config.trustedCertificates().isEmpty()) return new TrustManager[0];
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try {
            trusted.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an empty key store", e);
        }
        int i = 0;
        for (X509Certificate ca : PemFiles.readCertificates(config.trustedCertificates().get())) {
            trusted.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        return factory.getTrustManagers();
    }

    /**
     * TLS 1.3 has no renegotiation. For TLS 1.2 a client-initiated one costs the server a full handshake for
     * each request of the client's (a denial-of-service lever) and has no use in HTTP, so it is refused. The JDK
     * has no per-engine switch: the system property {@value #REJECT_CLIENT_RENEGOTIATION} decides, read once
     * when the JDK first handles a server-side handshake (a static of {@code ServerHandshakeContext}). This runs
     * when this class loads, before the server makes any engine; if the process ran a server-side handshake
     * earlier, or to be explicit, pass {@code -Djdk.tls.rejectClientInitiatedRenegotiation=true}. An explicit
     * {@code false} is respected, with a warning.
     */
    static void refuseClientRenegotiation() {
        String value = System.getProperty(REJECT_CLIENT_RENEGOTIATION);
        if (value == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        } else if (!value.equalsIgnoreCase("true")) {
            LOG.log(System.Logger.Level.WARNING, REJECT_CLIENT_RENEGOTIATION + "=" + value
                    + ": TLS 1.2 clients may renegotiate, each time costing the server a full handshake");
        }
    }
}
