package dev.barista.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Certificates and private keys from PEM files as operators have them (openssl, certbot, cloud consoles):
 * a chain of {@code CERTIFICATE} blocks, and a key as PKCS#8 {@code PRIVATE KEY}, PKCS#1
 * {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} or password-protected PKCS#8
 * {@code ENCRYPTED PRIVATE KEY}. The JDK's key factories read PKCS#8 only, so PKCS#1 and SEC1 keys are
 * wrapped in a PKCS#8 envelope first (a few bytes of DER). Text around the blocks is ignored, so one file
 * holding both the chain and the key can be given as both. Every failure is one line naming the file.
 */
public final class PemFiles {
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    /** Key algorithm OIDs of a PKCS#8 AlgorithmIdentifier, by the JDK's KeyFactory name. */
    private static final Map<String, String> KEY_FACTORY_BY_OID = Map.of(
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");

    private PemFiles() {
    }

    /** One {@code -----BEGIN label-----} ... {@code -----END label-----} block, decoded. */
    public record Block(String label, byte[] der, boolean hasHeaders) {
    }

    /** The X.509 certificates of {@code file}, in file order (a server chain: leaf first). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = certificateFactory();
        for (Block block : readBlocks(file)) {
            if (!block.label().equals("CERTIFICATE")) continue;
            try {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException("TLS certificate file " + file + ": certificate "
                        + (certificates.size() + 1) + " is not valid X.509: " + e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("TLS certificate file " + file
                    + ": no -----BEGIN CERTIFICATE----- block found");
        }
        return certificates;
    }

    /**
     * The one private key of {@code file}; {@code password} decrypts an {@code ENCRYPTED PRIVATE KEY} and is
     * ignored for a plain one (null: none given).
     */
    public static PrivateKey readPrivateKey(Path file, char[] password) {
        Block key = null;
        for (Block block : readBlocks(file)) {
            switch (block.label()) {
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> {
                    if (key != null) {
                        throw new IllegalArgumentException("TLS key file " + file
                                + ": holds more than one private key; give one key per file");
                    }
                    key = block;
                }
                default -> { } // certificates, EC PARAMETERS (openssl ecparam writes them first): not the key
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("TLS key file " + file + ": no private key found (expected a PEM "
                    + "block PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY)");
        }
        if (key.hasHeaders()) {
            // "Proc-Type: 4,ENCRYPTED": OpenSSL's legacy key encryption (MD5-based), which the JDK cannot read.
            throw new IllegalArgumentException("TLS key file " + file + ": legacy OpenSSL-encrypted key "
                    + "(Proc-Type header); convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD -out NEW");
        }
        try {
            byte[] pkcs8 = switch (key.label()) {
                case "RSA PRIVATE KEY" -> pkcs8FromPkcs1(key.der());
                case "EC PRIVATE KEY" -> pkcs8FromSec1(key.der());
                case "ENCRYPTED PRIVATE KEY" -> decrypt(key.der(), password);
                default -> key.der();
            };
            return privateKeyFromPkcs8(pkcs8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS key file " + file + ": cannot read the " + key.label() + ": "
                    + e.getMessage());
        }
    }

    /** The PEM blocks of {@code file}, in order. */
    public static List<Block> readBlocks(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("TLS file not found: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS file " + file + " cannot be read: " + e);
        }
        return parseBlocks(text, file.toString());
    }

    /** The PEM blocks of {@code text}; {@code origin} names it in errors. */
    public static List<Block> parseBlocks(String text, String origin) {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        StringBuilder base64 = new StringBuilder();
        boolean headers = false;
        int lineNumber = 0;
        for (String raw : text.split("\r?\n|\r")) {
            lineNumber++;
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring(11, line.length() - 5);
                    base64.setLength(0);
                    headers = false;
                }
            } else if (line.startsWith("-----END ")) {
                if (!line.equals("-----END " + label + "-----")) {
                    throw new IllegalArgumentException("TLS file " + origin + ": line " + lineNumber
                            + " ends a block that began as " + label);
                }
                try {
                    blocks.add(new Block(label, Base64.getDecoder().decode(base64.toString()), headers));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("TLS file " + origin + ": the " + label
                            + " block ending on line " + lineNumber + " is not valid base64");
                }
                label = null;
            } else if (line.indexOf(':') >= 0) {
                headers = true; // RFC 1421 header such as Proc-Type or DEK-Info
            } else {
                base64.append(line);
            }
        }
        if (label != null) {
            throw new IllegalArgumentException("TLS file " + origin + ": the " + label + " block has no END line");
        }
        return blocks;
    }

    /** A PKCS#8 PrivateKeyInfo, whatever the key's algorithm (RSA, RSASSA-PSS, EC, Ed25519, Ed448). */
    public static PrivateKey privateKeyFromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
        Der.Reader info = Der.parse(pkcs8).reader();
        info.next(Der.INTEGER);
        String oid = info.next(Der.SEQUENCE).reader().next(Der.OID).oid();
        String algorithm = KEY_FACTORY_BY_OID.get(oid);
        if (algorithm == null) throw new IllegalArgumentException("unsupported key algorithm " + oid);
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** PKCS#1 RSAPrivateKey → PrivateKeyInfo { 0, { rsaEncryption, NULL }, OCTET STRING { the key } }. */
    static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        Der.parse(pkcs1).reader().next(Der.INTEGER); // a SEQUENCE starting with its version: fail early if not
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nullValue()),
                Der.octetString(pkcs1));
    }

    /**
     * SEC1 ECPrivateKey { 1, privateKey, [0] namedCurve, [1] publicKey } → PrivateKeyInfo
     * { 0, { ecPublicKey, namedCurve }, OCTET STRING { the key } }: the curve moves to the algorithm identifier.
     */
    static byte[] pkcs8FromSec1(byte[] sec1) {
        Der.Reader key = Der.parse(sec1).reader();
        key.next(Der.INTEGER);
        key.next(Der.OCTET_STRING);
        Der.Element parameters = key.nextIf(0xA0);
        if (parameters == null) throw new IllegalArgumentException("the EC key does not name its curve");
        Der.Element curve = parameters.reader().next();
        if (curve.tag() != Der.OID) {
            throw new IllegalArgumentException("explicit EC curve parameters are not supported; use a named curve");
        }
        return Der.sequence(Der.integer(0), Der.sequence(Der.oid(EC_PUBLIC_KEY), curve.encoded()),
                Der.octetString(sec1));
    }

    /** PKCS#8 EncryptedPrivateKeyInfo (PBES2 as openssl writes it, or a PKCS#12 PBE scheme) → PrivateKeyInfo. */
    private static byte[] decrypt(byte[] der, char[] password) throws GeneralSecurityException {
        if (password == null) {
            throw new IllegalArgumentException("the key is encrypted; give its password (TlsConfig keyPassword)");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed EncryptedPrivateKeyInfo: " + e.getMessage());
        }
        // For PBES2 the parameters name the concrete scheme (PBEWithHmacSHA256AndAES_256); getAlgName() says PBES2.
        String scheme = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(scheme);
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password)),
                    info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported key encryption " + scheme
                    + "; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc");
        } catch (java.security.spec.InvalidKeySpecException e) {
            throw new IllegalArgumentException("wrong password for the encrypted key");
        }
    }

    private static CertificateFactory certificateFactory() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
