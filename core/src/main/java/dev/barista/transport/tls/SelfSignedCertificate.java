package dev.barista.transport.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A development certificate made at start: an EC P-256 key and a self-signed X.509 v3 certificate for the
 * given names (by default {@code localhost}, {@code 127.0.0.1} and {@code ::1}), valid from an hour ago (clock
 * skew) for 30 days. Written with {@link Der} and signed with {@code java.security.Signature}: the JDK has
 * no public API that writes certificates, and {@code sun.security.x509} is internal. Browsers will still warn,
 * because nobody vouches for it; that is what the printed fingerprint is for.
 *
 * @param certificate the certificate, as {@code CertificateFactory} parsed it back
 * @param key         its private key
 */
public record SelfSignedCertificate(X509Certificate certificate, PrivateKey key) {
    public static final List<String> LOCAL_NAMES = List.of("localhost", "127.0.0.1", "::1");
    public static final Duration LIFETIME = Duration.ofDays(30);
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** GeneralName choices (RFC 5280 4.2.1.6), as IMPLICIT context tags. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    /** For {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid now. */
    public static SelfSignedCertificate forLocalhost() {
        return generate(LOCAL_NAMES, Instant.now());
    }

    /**
     * For {@code names} (host names, wildcards or IP literals; the first is also the subject's CN), valid from
     * an hour before {@code now} for {@link #LIFETIME}.
     */
    public static SelfSignedCertificate generate(List<String> names, Instant now) {
        if (names.isEmpty()) throw new IllegalArgumentException("a self-signed certificate needs a name");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            SecureRandom random = new SecureRandom();

            byte[] serial = new byte[16];
            random.nextBytes(serial);
            BigInteger serialNumber = new BigInteger(1, serial); // positive: DER adds a 0 byte if needed
            if (serialNumber.signum() == 0) serialNumber = BigInteger.ONE;

            byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256)); // RFC 5758: no parameters for ECDSA
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(names.getFirst()))));
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(2)), // v3
                    Der.integer(serialNumber),
                    algorithm,
                    name, // issuer: itself
                    Der.sequence(Der.time(now.minus(CLOCK_SKEW)), Der.time(now.plus(LIFETIME))),
                    name,
                    pair.getPublic().getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
                    Der.explicit(3, Der.sequence(
                            extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA defaults to false
                            // digitalSignature is bit 0: one used bit, seven unused
                            extension(KEY_USAGE, true, Der.bitString(new byte[]{(byte) 0x80}, 7)),
                            extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                            extension(SUBJECT_ALT_NAME, false, subjectAltNames(names)))));

            Signature signer = Signature.getInstance("SHA256withECDSA"); // already a DER ECDSA-Sig-Value
            signer.initSign(pair.getPrivate(), random);
            signer.update(tbs);
            byte[] certificate = Der.sequence(tbs, algorithm, Der.bitString(signer.sign(), 0));

            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
            return new SelfSignedCertificate(parsed, pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value)); // DER omits a FALSE default
    }

    private static byte[] subjectAltNames(List<String> names) {
        List<byte[]> generalNames = new ArrayList<>();
        for (String n : names) {
            generalNames.add(isIpLiteral(n)
                    ? Der.implicit(IP_ADDRESS, InetAddress.ofLiteral(n).getAddress())
                    : Der.implicit(DNS_NAME, n.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
        return Der.sequence(generalNames.toArray(byte[][]::new));
    }

    /** An IPv4 dotted quad or an IPv6 literal; {@code InetAddress.ofLiteral} then parses it without DNS. */
    private static boolean isIpLiteral(String name) {
        return name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
