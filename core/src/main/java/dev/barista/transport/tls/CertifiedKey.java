package dev.barista.transport.tls;

import dev.barista.server.TlsConfig;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * A certificate chain with the private key of its leaf, checked and ready to serve (what rustls calls a
 * {@code CertifiedKey}): the key matches the leaf's public key, and the host names the leaf is valid for are
 * known, for choosing by SNI. Loading re-reads files every time, so a reload sees rotated ones.
 *
 * @param origin    where it came from, for messages (file names, or "self-signed")
 * @param chain     leaf first
 * @param key       the leaf's private key
 * @param hostNames the leaf's SubjectAltName DNS names, or its CN when it has none; lower case, may hold
 *                  wildcards such as {@code *.example.com}
 */
public record CertifiedKey(String origin, List<X509Certificate> chain, PrivateKey key, List<String> hostNames) {
    private static final System.Logger LOG = System.getLogger(CertifiedKey.class.getName());
    private static final String COMMON_NAME = "2.5.4.3";
    private static final int DNS_NAME = 2;

    public CertifiedKey {
        chain = List.copyOf(chain);
        hostNames = List.copyOf(hostNames);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** Reads (again) the certificate and key {@code source} names, and checks them. */
    public static CertifiedKey load(TlsConfig.CertificateSource source) {
        return switch (source) {
            case TlsConfig.CertificateSource.Pem pem -> checked(pem.toString(),
                    PemFiles.readCertificates(pem.chain()), PemFiles.readPrivateKey(pem.key(), pem.keyPassword()));
            case TlsConfig.CertificateSource.Pkcs12 pkcs12 -> loadPkcs12(pkcs12);
            case TlsConfig.CertificateSource.InMemory memory ->
                    checked(memory.toString(), memory.chain(), memory.key());
        };
    }

    /**
     * Checks that {@code key} belongs to the first certificate of {@code chain}, and warns (only) when that
     * certificate is expired or not yet valid: a server that refuses to start over a date is worse than one
     * whose clients complain.
     */
    public static CertifiedKey checked(String origin, List<X509Certificate> chain, PrivateKey key) {
        if (chain.isEmpty()) throw new IllegalArgumentException("TLS " + origin + ": no certificate");
        if (!belongsTo(key, chain.getFirst().getPublicKey())) {
            for (int i = 1; i < chain.size(); i++) {
                if (belongsTo(key, chain.get(i).getPublicKey())) {
                    throw new IllegalArgumentException("TLS " + origin + ": the key belongs to certificate "
                            + (i + 1) + " of the chain, not the first; put the server's own certificate first");
                }
            }
            throw new IllegalArgumentException("TLS " + origin + ": the private key does not match the certificate "
                    + chain.getFirst().getSubjectX500Principal().getName());
        }
        X509Certificate leaf = chain.getFirst();
        Date now = new Date();
        if (now.after(leaf.getNotAfter())) {
            LOG.log(System.Logger.Level.WARNING, "TLS " + origin + ": the certificate "
                    + leaf.getSubjectX500Principal().getName() + " expired on " + leaf.getNotAfter().toInstant()
                    + "; clients will refuse it");
        } else if (now.before(leaf.getNotBefore())) {
            LOG.log(System.Logger.Level.WARNING, "TLS " + origin + ": the certificate "
                    + leaf.getSubjectX500Principal().getName() + " is not valid before "
                    + leaf.getNotBefore().toInstant() + "; clients will refuse it until then");
        }
        return new CertifiedKey(origin, chain, key, hostNames(leaf));
    }

    private static CertifiedKey loadPkcs12(TlsConfig.CertificateSource.Pkcs12 source) {
        String origin = source.toString();
        char[] password = source.password();
        KeyStore store;
        try {
            store = KeyStore.getInstance(source.file().toFile(), password);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("TLS file not found: " + source.file());
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException caused by UnrecoverableKeyException.
            throw new IllegalArgumentException("TLS " + origin + ": wrong password, or not a PKCS#12 file ("
                    + e.getMessage() + ")");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS " + origin + ": not a key store: " + e.getMessage());
        }
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) keyAliases.add(alias);
            }
            if (keyAliases.size() != 1) {
                throw new IllegalArgumentException("TLS " + origin + ": holds " + keyAliases.size()
                        + " private keys; expected exactly one");
            }
            String alias = keyAliases.getFirst();
            Key key = store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey privateKey) || chain == null || chain.length == 0) {
                throw new IllegalArgumentException("TLS " + origin + ": entry " + alias
                        + " is not a private key with its certificate chain");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c : chain) certificates.add((X509Certificate) c);
            return checked(origin, certificates, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS " + origin + ": cannot read the key: " + e.getMessage());
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey}: what it signs, the public key verifies. */
    static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) return false;
        try {
            Signature signer = signature(key);
            signer.initSign(key);
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            signer.update(challenge);
            byte[] signed = signer.sign();
            Signature verifier = signature(key);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false; // a curve or size the other key does not share
        }
    }

    private static Signature signature(PrivateKey key) throws GeneralSecurityException {
        return switch (key.getAlgorithm()) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                var params = ((RSAKey) key).getParams();
                pss.setParameter(params != null ? params : new java.security.spec.PSSParameterSpec("SHA-256",
                        "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> Signature.getInstance(key.getAlgorithm()); // EdDSA, Ed25519, Ed448
        };
    }

    /** RFC 6125: the SubjectAltName DNS names; the subject's most specific CN only when there are none. */
    static List<String> hostNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var altNames = certificate.getSubjectAlternativeNames();
            if (altNames != null) {
                for (List<?> altName : altNames) {
                    if (altName.get(0) instanceof Integer type && type == DNS_NAME) names.add(normalized(
                            (String) altName.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal().getName()
                    + ": unreadable SubjectAltName: " + e.getMessage());
        }
        if (names.isEmpty()) {
            String commonName = commonName(certificate.getSubjectX500Principal().getEncoded());
            if (commonName != null) names.add(normalized(commonName));
        }
        return names;
    }

    /** The last CN of a DER Name (SEQUENCE OF SET OF { type, value }), or null. */
    private static String commonName(byte[] name) {
        String found = null;
        Der.Reader relativeNames = Der.parse(name).reader();
        while (relativeNames.hasMore()) {
            Der.Reader attributes = relativeNames.next(Der.SET).reader();
            while (attributes.hasMore()) {
                Der.Reader attribute = attributes.next(Der.SEQUENCE).reader();
                if (attribute.next(Der.OID).oid().equals(COMMON_NAME)) found = attribute.next().string();
            }
        }
        return found;
    }

    /** Lower case, without a trailing dot: how names are compared. */
    static String normalized(String hostName) {
        String lower = hostName.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
