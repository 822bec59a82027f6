package dev.barista.transport.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the certificate a handshake presents by the host name the client asked for (SNI, RFC 6066),
 * matched against each certificate's {@link CertifiedKey#hostNames() names}: exact names first, then
 * wildcards, where {@code *.example.com} stands for exactly one label; case does not matter. A client that
 * sends no name, or one no certificate is for, gets the default: the first certificate (and any later one for
 * the same names, so that a host served by both an RSA and an EC certificate keeps both as default).
 *
 * <p>JSSE asks once per key type the client's signature algorithms allow ({@code "EC"}, {@code "RSA"},
 * {@code "RSASSA-PSS"}, {@code "EdDSA"}); among the chosen certificates the first of that type answers. The
 * alias is the certificate's index. Immutable: a reload builds a new manager (and a new SSLContext).
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private final List<CertifiedKey> keys;
    /** The certificates for clients that ask for no name, or an unknown one: the first and its namesakes. */
    private final List<Integer> defaults;

    SniKeyManager(List<CertifiedKey> keys) {
        if (keys.isEmpty()) throw new IllegalArgumentException("no certificate to serve");
        this.keys = List.copyOf(keys);
        List<Integer> sameNamesAsFirst = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).hostNames().equals(keys.getFirst().hostNames())) sameNamesAsFirst.add(i);
        }
        this.defaults = List.copyOf(sameNamesAsFirst);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : requestedHostName(engine.getHandshakeSession()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket ssl ? requestedHostName(ssl.getHandshakeSession()) : null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).key().getAlgorithm().equals(keyType)) aliases.add(Integer.toString(i));
        }
        return aliases.isEmpty() ? null : aliases.toArray(String[]::new);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey key = byAlias(alias);
        return key == null ? null : key.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey key = byAlias(alias);
        return key == null ? null : key.key();
    }

    // A server never presents a client certificate.

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** The alias for a handshake that asked for {@code hostName} (null: none) and can use {@code keyType}. */
    String choose(String keyType, String hostName) {
        List<Integer> candidates = hostName == null ? List.of() : candidates(CertifiedKey.normalized(hostName));
        for (int i : candidates.isEmpty() ? defaults : candidates) {
            if (keys.get(i).key().getAlgorithm().equals(keyType)) return Integer.toString(i);
        }
        return null;
    }

    /** The certificates for {@code hostName}: those naming it exactly, else those whose wildcard covers it. */
    private List<Integer> candidates(String hostName) {
        List<Integer> exact = new ArrayList<>();
        List<Integer> wildcard = new ArrayList<>();
        int dot = hostName.indexOf('.');
        // ".example.com" of "a.example.com"; none for "example.com", as "*.com" must not cover a whole TLD
        String parent = dot > 0 && hostName.indexOf('.', dot + 1) > 0 ? hostName.substring(dot) : null;
        for (int i = 0; i < keys.size(); i++) {
            List<String> names = keys.get(i).hostNames();
            if (names.contains(hostName)) {
                exact.add(i);
            } else if (parent != null && names.contains("*" + parent)) {
                wildcard.add(i);
            }
        }
        return exact.isEmpty() ? wildcard : exact;
    }

    private static String requestedHostName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) return host.getAsciiName();
            }
        }
        return null;
    }

    private CertifiedKey byAlias(String alias) {
        try {
            int index = Integer.parseInt(alias);
            return index >= 0 && index < keys.size() ? keys.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
