package dev.barista.transport.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The little of ASN.1 DER that TLS key material needs: enough to wrap PKCS#1 and SEC1 keys as PKCS#8, to
 * read a certificate's subject name, and to write a self-signed certificate. Writers return whole
 * tag-length-value encodings, so nesting is composition: {@code sequence(integer(0), oid("1.2.3"))}.
 * Readers take a byte array and never read outside it; malformed input throws {@link IllegalArgumentException}.
 */
public final class Der {
    public static final int BOOLEAN = 0x01;
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int NULL = 0x05;
    public static final int OID = 0x06;
    public static final int UTF8_STRING = 0x0C;
    public static final int PRINTABLE_STRING = 0x13;
    public static final int T61_STRING = 0x14;
    public static final int IA5_STRING = 0x16;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int BMP_STRING = 0x1E;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private static final DateTimeFormatter UTC_TIME_FORMAT = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private Der() {
    }

    // ---- writing ----

    /** One tag-length-value with the concatenated {@code contents}. */
    public static byte[] tlv(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] c : contents) length += c.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        writeLength(out, length);
        for (byte[] c : contents) out.writeBytes(c);
        return out.toByteArray();
    }

    public static byte[] sequence(byte[]... items) {
        return tlv(SEQUENCE, items);
    }

    public static byte[] set(byte[]... items) {
        return tlv(SET, items);
    }

    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray()); // two's complement, minimal: what DER asks
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    public static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[]{(byte) (value ? 0xFF : 0x00)});
    }

    public static byte[] nullValue() {
        return new byte[]{NULL, 0};
    }

    public static byte[] octetString(byte[] bytes) {
        return tlv(OCTET_STRING, bytes);
    }

    /** A bit string of whole bytes whose last {@code unusedBits} bits are padding. */
    public static byte[] bitString(byte[] bytes, int unusedBits) {
        return tlv(BIT_STRING, new byte[]{(byte) unusedBits}, bytes);
    }

    public static byte[] utf8String(String text) {
        return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An object identifier from its dotted form, {@code "1.2.840.10045.2.1"}. */
    public static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) throw new IllegalArgumentException("OID needs two arcs: " + dotted);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBase128(out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
        for (int i = 2; i < arcs.length; i++) writeBase128(out, new BigInteger(arcs[i]));
        return tlv(OID, out.toByteArray());
    }

    /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC to the second. */
    public static byte[] time(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        boolean utc = t.getYear() >= 1950 && t.getYear() < 2050;
        String text = (utc ? UTC_TIME_FORMAT : GENERALIZED_TIME_FORMAT).format(t);
        return tlv(utc ? UTC_TIME : GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code [number] EXPLICIT}: a constructed context tag around one whole encoding. */
    public static byte[] explicit(int number, byte[] inner) {
        return tlv(0xA0 | number, inner);
    }

    /** {@code [number] IMPLICIT} of a primitive type: the type's tag replaced, its content kept. */
    public static byte[] implicit(int number, byte[] content) {
        return tlv(0x80 | number, content);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) out.write(length >>> (8 * i));
    }

    private static void writeBase128(ByteArrayOutputStream out, BigInteger value) {
        int groups = Math.max(1, (value.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = value.shiftRight(7 * i).intValue() & 0x7F;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    // ---- reading ----

    /** Reads {@code bytes}, which must hold exactly one element, and returns it. */
    public static Element parse(byte[] bytes) {
        Reader reader = new Reader(bytes, 0, bytes.length);
        Element element = reader.next();
        if (reader.hasMore()) throw new IllegalArgumentException("malformed DER: trailing bytes");
        return element;
    }

    /** Reads consecutive elements within {@code [offset, end)} of an array. */
    public static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int position;

        Reader(byte[] bytes, int offset, int end) {
            this.bytes = bytes;
            this.position = offset;
            this.end = end;
        }

        public boolean hasMore() {
            return position < end;
        }

        /** The next element, whatever its tag. */
        public Element next() {
            if (position + 2 > end) throw new IllegalArgumentException("malformed DER: truncated");
            int tag = bytes[position] & 0xFF;
            if ((tag & 0x1F) == 0x1F) throw new IllegalArgumentException("malformed DER: high tag number");
            int first = bytes[position + 1] & 0xFF;
            int cursor = position + 2;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 3) throw new IllegalArgumentException("malformed DER: length form");
                if (cursor + count > end) throw new IllegalArgumentException("malformed DER: truncated");
                length = 0;
                for (int i = 0; i < count; i++) length = (length << 8) | (bytes[cursor++] & 0xFF);
            }
            if (length > end - cursor) throw new IllegalArgumentException("malformed DER: truncated");
            Element element = new Element(tag, bytes, position, cursor, cursor + length);
            position = cursor + length;
            return element;
        }

        /** The next element, which must carry {@code tag}. */
        public Element next(int tag) {
            Element element = next();
            if (element.tag() != tag) {
                throw new IllegalArgumentException(String.format(
                        "malformed DER: expected tag 0x%02X, found 0x%02X", tag, element.tag()));
            }
            return element;
        }

        /** The next element if it carries {@code tag}, else null and nothing consumed. */
        public Element nextIf(int tag) {
            return hasMore() && (bytes[position] & 0xFF) == tag ? next() : null;
        }
    }

    /** One element: its tag and where its encoding and content lie in the array it was read from. */
    public record Element(int tag, byte[] source, int start, int contentStart, int end) {
        /** The elements inside a constructed one (SEQUENCE, SET, a context tag). */
        public Reader reader() {
            return new Reader(source, contentStart, end);
        }

        public byte[] content() {
            return Arrays.copyOfRange(source, contentStart, end);
        }

        /** The whole tag-length-value. */
        public byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        public BigInteger integer() {
            expect(INTEGER);
            if (end == contentStart) throw new IllegalArgumentException("malformed DER: empty integer");
            return new BigInteger(content());
        }

        public String oid() {
            expect(OID);
            StringBuilder dotted = new StringBuilder();
            BigInteger arc = BigInteger.ZERO;
            boolean first = true;
            for (int i = contentStart; i < end; i++) {
                arc = arc.shiftLeft(7).or(BigInteger.valueOf(source[i] & 0x7F));
                if ((source[i] & 0x80) != 0) continue;
                if (first) {
                    int top = arc.compareTo(BigInteger.valueOf(80)) >= 0 ? 2 : arc.intValue() / 40;
                    dotted.append(top).append('.').append(arc.subtract(BigInteger.valueOf(40L * top)));
                    first = false;
                } else {
                    dotted.append('.').append(arc);
                }
                arc = BigInteger.ZERO;
            }
            if (first || (source[end - 1] & 0x80) != 0) throw new IllegalArgumentException("malformed DER: OID");
            return dotted.toString();
        }

        /** A bit string's bytes, without its unused-bits count. */
        public byte[] bitString() {
            expect(BIT_STRING);
            if (end == contentStart) throw new IllegalArgumentException("malformed DER: empty bit string");
            return Arrays.copyOfRange(source, contentStart + 1, end);
        }

        public byte[] octetString() {
            expect(OCTET_STRING);
            return content();
        }

        /** The text of any of the string types a certificate name uses. */
        public String string() {
            return switch (tag) {
                case UTF8_STRING -> new String(content(), StandardCharsets.UTF_8);
                case PRINTABLE_STRING, IA5_STRING, T61_STRING -> new String(content(), StandardCharsets.ISO_8859_1);
                case BMP_STRING -> new String(content(), StandardCharsets.UTF_16BE);
                default -> throw new IllegalArgumentException(String.format(
                        "malformed DER: tag 0x%02X is not a string", tag));
            };
        }

        public Instant time() {
            String text = new String(content(), StandardCharsets.US_ASCII);
            try {
                return switch (tag) {
                    case UTC_TIME -> {
                        LocalDateTime t = LocalDateTime.parse(text, UTC_TIME_FORMAT);
                        // Two-digit years: 50..99 are 19xx (RFC 5280), the formatter assumed 20xx.
                        yield (t.getYear() >= 2050 ? t.minusYears(100) : t).toInstant(ZoneOffset.UTC);
                    }
                    case GENERALIZED_TIME -> LocalDateTime.parse(text, GENERALIZED_TIME_FORMAT)
                            .toInstant(ZoneOffset.UTC);
                    default -> throw new IllegalArgumentException(String.format(
                            "malformed DER: tag 0x%02X is not a time", tag));
                };
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("malformed DER: time " + text);
            }
        }

        private void expect(int expected) {
            if (tag != expected) {
                throw new IllegalArgumentException(String.format(
                        "malformed DER: expected tag 0x%02X, found 0x%02X", expected, tag));
            }
        }
    }
}
