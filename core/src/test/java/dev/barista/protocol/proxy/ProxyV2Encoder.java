package dev.barista.protocol.proxy;

import dev.barista.protocol.proxy.ProxyHeader.Tlv;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes PROXY v2 headers for the tests, sharing nothing with the decoder: its own constants and its own CRC32c
 * (bit by bit, the Castagnoli polynomial), so that a mistake in one is not mirrored in the other.
 */
final class ProxyV2Encoder {
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final int LOCAL = 0x20;
    static final int PROXY = 0x21;
    static final int UNSPEC = 0x00;
    static final int TCP4 = 0x11;
    static final int UDP4 = 0x12;
    static final int TCP6 = 0x21;
    static final int UDP6 = 0x22;
    static final int UNIX_STREAM = 0x31;
    static final int UNIX_DGRAM = 0x32;

    private ProxyV2Encoder() {
    }

    /**
     * The header with these bytes 13 and 14, address block and TLVs, its length field set to what follows it. A TLV
     * of type 0x03 and 4 bytes gets the CRC32c of the whole header (the first one, if there are several).
     */
    static byte[] encode(int versionCommand, int familyTransport, byte[] addressBlock, List<Tlv> tlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionCommand);
        out.write(familyTransport);
        out.write(0);
        out.write(0);
        out.writeBytes(addressBlock);
        int checksumAt = -1;
        for (Tlv tlv : tlvs) {
            out.write(tlv.type());
            out.write(tlv.value().length >>> 8);
            out.write(tlv.value().length);
            if (tlv.type() == 0x03 && tlv.value().length == 4 && checksumAt < 0) checksumAt = out.size();
            out.writeBytes(tlv.value());
        }
        byte[] header = withLength(out.toByteArray(), out.size() - 16);
        if (checksumAt >= 0) {
            Arrays.fill(header, checksumAt, checksumAt + 4, (byte) 0);
            putInt(header, checksumAt, crc32c(header));
        }
        return header;
    }

    static byte[] encode(int versionCommand, int familyTransport, byte[] addressBlock, Tlv... tlvs) {
        return encode(versionCommand, familyTransport, addressBlock, List.of(tlvs));
    }

    /** A copy of the header with its length field set to {@code length}, whatever follows. */
    static byte[] withLength(byte[] header, int length) {
        byte[] copy = header.clone();
        copy[14] = (byte) (length >>> 8);
        copy[15] = (byte) length;
        return copy;
    }

    static byte[] inet(byte[] source, byte[] destination, int sourcePort, int destinationPort) {
        byte[] block = new byte[2 * source.length + 4];
        System.arraycopy(source, 0, block, 0, source.length);
        System.arraycopy(destination, 0, block, source.length, destination.length);
        block[2 * source.length] = (byte) (sourcePort >>> 8);
        block[2 * source.length + 1] = (byte) sourcePort;
        block[2 * source.length + 2] = (byte) (destinationPort >>> 8);
        block[2 * source.length + 3] = (byte) destinationPort;
        return block;
    }

    /** Two NUL-padded 108-byte socket paths. */
    static byte[] unix(String source, String destination) {
        byte[] block = new byte[216];
        byte[] s = source.getBytes(StandardCharsets.UTF_8);
        byte[] d = destination.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(s, 0, block, 0, s.length);
        System.arraycopy(d, 0, block, 108, d.length);
        return block;
    }

    static Tlv tlv(int type, String value) {
        return new Tlv(type, value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A CRC32c TLV whose value {@link #encode} fills in. */
    static Tlv checksum() {
        return new Tlv(0x03, new byte[4]);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) out.writeBytes(part);
        return out.toByteArray();
    }

    /** CRC-32C (Castagnoli), reflected, bit by bit: slow and obviously the textbook one. */
    static int crc32c(byte[] bytes) {
        int crc = 0xFFFFFFFF;
        for (byte b : bytes) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0x82F63B78 & -(crc & 1));
        }
        return ~crc;
    }

    static void putInt(byte[] into, int at, int value) {
        into[at] = (byte) (value >>> 24);
        into[at + 1] = (byte) (value >>> 16);
        into[at + 2] = (byte) (value >>> 8);
        into[at + 3] = (byte) value;
    }
}
