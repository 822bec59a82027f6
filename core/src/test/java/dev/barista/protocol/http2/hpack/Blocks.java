package dev.barista.protocol.http2.hpack;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Header blocks written as hex (spaces allowed, as the RFC prints them) and fields as "name: value" lines. */
final class Blocks {

    private Blocks() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    static String hex(HpackOutput out) {
        return HexFormat.of().formatHex(out.array(), 0, out.length());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Decodes a block given in hex into "name: value" lines. */
    static List<String> decode(HpackDecoder decoder, String hex) throws HpackException {
        return decode(decoder, hex(hex));
    }

    static List<String> decode(HpackDecoder decoder, byte[] block) throws HpackException {
        FieldBlock fields = new FieldBlock();
        decoder.decode(ByteBuffer.wrap(block), fields);
        return lines(fields);
    }

    static List<String> lines(FieldBlock fields) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < fields.count(); i++) lines.add(fields.name(i) + ": " + fields.value(i));
        return lines;
    }

    /** The dynamic table's entries, newest first, as "name: value" lines. */
    static List<String> entries(DynamicTable table) {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= table.length(); i++) {
            byte[] f = table.octets(i);
            int n = table.nameLength(i);
            lines.add(new String(f, 0, n, StandardCharsets.ISO_8859_1) + ": "
                    + new String(f, n, f.length - n, StandardCharsets.ISO_8859_1));
        }
        return lines;
    }

    /** Writes the fields ("name: value" lines) as one block. */
    static String encode(HpackEncoder encoder, String... lines) {
        HpackOutput out = new HpackOutput();
        for (String line : lines) {
            int colon = line.indexOf(": ");
            encoder.encode(line.substring(0, colon), line.substring(colon + 2), out);
        }
        return hex(out);
    }
}
