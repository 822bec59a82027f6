package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.MAX_V2;
import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Outcome;
import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Placement;
import dev.barista.protocol.proxy.ProxyHeader.Tlv;
import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the decoder over generated input:
 * <ol>
 *   <li>a v2 header written by the test's own encoder (random command, family, addresses, TLVs, with or without a
 *       CRC32c anywhere among them) decodes to exactly what a model says, whatever the reads and the buffer;</li>
 *   <li>a v1 line with random addresses, IPv6 written in any of its legal spellings, does the same;</li>
 *   <li>arbitrary bytes after either signature never throw, and give the same answer however they are split.</li>
 * </ol>
 */
class ProxyPropertiesTest {

    private static final int[] FAMILY_TRANSPORTS = {0x00, 0x01, 0x02, 0x10, 0x11, 0x12, 0x20, 0x21, 0x22, 0x30, 0x31,
            0x32};
    private static final int[] ADDRESS_BLOCK_LENGTH = {0, 12, 36, 216};

    // ---- (1) v2 round trip --------------------------------------------------------------------------------------

    /** An encoded v2 header with what the decoder must say of it: a header, or the one refusal that applies. */
    record GeneratedV2(byte[] wire, ProxyHeader expected, String expectedError) {
        @Override
        public String toString() {
            return HexFormat.of().formatHex(wire) + " -> " + (expected != null ? expected : expectedError);
        }
    }

    @Property(tries = 500)
    void v2HeadersRoundTripWhateverTheReads(
            @ForAll("v2Headers") GeneratedV2 generated,
            @ForAll @Size(max = 20) byte[] after,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 60) Integer> pieces,
            @ForAll Placement placement) {
        byte[] input = ProxyV2Encoder.concat(generated.wire(), after);
        Outcome o = EmbeddedProxyDecoder.decodeSplitAt(input, MAX_V2, placement, (byte) 0x0D, cuts(pieces, input));
        if (generated.expectedError() != null) {
            assertThat(o.error()).isEqualTo(generated.expectedError());
            return;
        }
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.DONE);
        assertThat(o.header()).isEqualTo(generated.expected());
        assertThat(o.consumed()).isEqualTo(generated.wire().length);
        assertThat(o.rest()).isEqualTo(after);
    }

    @Provide
    Arbitrary<GeneratedV2> v2Headers() {
        Arbitrary<Integer> command = Arbitraries.of(ProxyV2Encoder.LOCAL, ProxyV2Encoder.PROXY);
        Arbitrary<Integer> familyTransport = Arbitraries.of(Arrays.stream(FAMILY_TRANSPORTS).boxed().toList());
        Arbitrary<byte[]> block = Arbitraries.bytes().array(byte[].class).ofSize(216);
        Arbitrary<Boolean> mapped = Arbitraries.of(true, false);
        Arbitrary<Tlv> tlv = Combinators.combine(
                        Arbitraries.integers().between(0, 255).filter(t -> t != Tlv.CRC32C),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as(Tlv::new);
        Arbitrary<List<Tlv>> tlvs = tlv.list().ofMaxSize(5);
        Arbitrary<Integer> checksumAt = Arbitraries.integers().between(-1, 5); // -1: none
        return Combinators.combine(command, familyTransport, block, mapped, tlvs, checksumAt)
                .as(ProxyPropertiesTest::generateV2);
    }

    private static GeneratedV2 generateV2(int command, int familyTransport, byte[] seed, boolean mapped, List<Tlv> tlvs,
                                          int checksumAt) {
        int family = familyTransport >>> 4;
        int transport = familyTransport & 0x0F;
        byte[] block = Arrays.copyOf(seed, ADDRESS_BLOCK_LENGTH[family]);
        if (family == 2 && mapped) { // make the source ::ffff:a.b.c.d
            Arrays.fill(block, 0, 10, (byte) 0);
            block[10] = (byte) 0xFF;
            block[11] = (byte) 0xFF;
        }
        List<Tlv> all = new ArrayList<>(tlvs);
        int checksumIndex = checksumAt < 0 ? -1 : Math.min(checksumAt, all.size());
        if (checksumIndex >= 0) all.add(checksumIndex, ProxyV2Encoder.checksum());
        byte[] wire = ProxyV2Encoder.encode(command, familyTransport, block, all);

        if (command == ProxyV2Encoder.PROXY && transport == 2) {
            return new GeneratedV2(wire, null, "PROXY v2 datagram transport");
        }
        if (checksumIndex >= 0) {
            int valueAt = 16 + block.length + 3;
            for (int i = 0; i < checksumIndex; i++) valueAt += 3 + all.get(i).value().length;
            all.set(checksumIndex, new Tlv(Tlv.CRC32C, Arrays.copyOfRange(wire, valueAt, valueAt + 4)));
        }
        boolean local = command == ProxyV2Encoder.LOCAL || family == 0 || family == 3 || transport == 0;
        if (local) return new GeneratedV2(wire, new ProxyHeader(2, true, null, null, all), null);
        int size = family == 1 ? 4 : 16;
        InetSocketAddress source = new InetSocketAddress(modelAddress(Arrays.copyOfRange(block, 0, size)),
                (block[2 * size] & 0xFF) << 8 | block[2 * size + 1] & 0xFF);
        InetSocketAddress destination = new InetSocketAddress(modelAddress(Arrays.copyOfRange(block, size, 2 * size)),
                (block[2 * size + 2] & 0xFF) << 8 | block[2 * size + 3] & 0xFF);
        return new GeneratedV2(wire, new ProxyHeader(2, false, source, destination, all), null);
    }

    /** The model's address: 4 bytes are IPv4; 16 are IPv6 unless IPv4-mapped, which the JDK reports as IPv4. */
    static InetAddress modelAddress(byte[] bytes) {
        try {
            if (bytes.length == 4) return InetAddress.getByAddress(bytes);
            boolean ipv4Mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF
                    && Arrays.equals(bytes, 0, 10, new byte[10], 0, 10);
            return ipv4Mapped
                    ? InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16))
                    : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    // ---- (2) v1 round trip --------------------------------------------------------------------------------------

    record GeneratedV1(String line, ProxyHeader expected) {
        @Override
        public String toString() {
            return line.replace("\r\n", "\\r\\n");
        }
    }

    @Property(tries = 500)
    void v1LinesRoundTripWhateverTheReads(
            @ForAll("v1Lines") GeneratedV1 generated,
            @ForAll @Size(max = 6) List<@IntRange(min = 1, max = 30) Integer> pieces,
            @ForAll Placement placement) {
        byte[] input = bytes(generated.line() + "GET / HTTP/1.1\r\n");
        Outcome o = EmbeddedProxyDecoder.decodeSplitAt(input, MAX_V2, placement, (byte) '\n', cuts(pieces, input));
        if (generated.line().length() > ProxyProtocolDecoder.MAX_V1_LENGTH) {
            // Spelled with embedded IPv4 ("ffff:...:255.255.255.10"), two TCP6 addresses can outgrow the
            // spec's 107 bytes; the limit holds however the address is written.
            assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.ERROR);
            assertThat(o.error()).contains("too long");
            return;
        }
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.DONE);
        assertThat(o.header()).isEqualTo(generated.expected());
        assertThat(o.consumed()).isEqualTo(generated.line().length());
        assertThat(o.restText()).isEqualTo("GET / HTTP/1.1\r\n");
    }

    @Provide
    Arbitrary<GeneratedV1> v1Lines() {
        Arbitrary<byte[]> address4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> address6 = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofSize(16),
                // mostly zeros, so that "::" has runs to stand for, and some IPv4-mapped
                Arbitraries.of((byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0xFF).array(byte[].class).ofSize(16));
        Arbitrary<Integer> port = Arbitraries.oneOf(Arbitraries.integers().between(0, 65535),
                Arbitraries.of(0, 1, 65535));
        Arbitrary<Integer> style = Arbitraries.integers().between(0, IpText.STYLES - 1);
        Arbitrary<GeneratedV1> tcp4 = Combinators.combine(address4, address4, port, port)
                .as((s, d, sp, dp) -> v1("TCP4", IpText.ipv4(s), IpText.ipv4(d), s, d, sp, dp));
        Arbitrary<GeneratedV1> tcp6 = Combinators.combine(address6, address6, port, port, style, style)
                .as((s, d, sp, dp, ss, ds) -> v1("TCP6", IpText.ipv6(s, ss), IpText.ipv6(d, ds), s, d, sp, dp));
        Arbitrary<GeneratedV1> unknown = Arbitraries.strings().withChars("TCP46 .:0123456789abcdefUNKOW")
                .ofMaxLength(MAX_V1_UNKNOWN_TAIL)
                .map(tail -> new GeneratedV1("PROXY UNKNOWN" + (tail.isEmpty() ? "" : " " + tail) + "\r\n",
                        new ProxyHeader(1, true, null, null, List.of())));
        return Arbitraries.oneOf(tcp4, tcp6, unknown);
    }

    private static final int MAX_V1_UNKNOWN_TAIL = ProxyProtocolDecoder.MAX_V1_LENGTH - "PROXY UNKNOWN \r\n".length();

    private static GeneratedV1 v1(String protocol, String sourceText, String destinationText, byte[] source,
                                  byte[] destination, int sourcePort, int destinationPort) {
        String line = "PROXY " + protocol + " " + sourceText + " " + destinationText + " " + sourcePort + " "
                + destinationPort + "\r\n";
        return new GeneratedV1(line, new ProxyHeader(1, false,
                new InetSocketAddress(modelAddress(source), sourcePort),
                new InetSocketAddress(modelAddress(destination), destinationPort), List.of()));
    }

    // ---- (3) arbitrary bytes ------------------------------------------------------------------------------------

    @Property(tries = 300)
    void arbitraryBytesAfterASignatureNeverThrowAndAgreeHoweverSplit(@ForAll("suspiciousInput") byte[] input) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(input, 200); // every way: whole, every split, byte by byte
        if (o.progress() == Progress.DONE && input[0] == '\r') {
            assertThat(o.consumed()).isEqualTo(16 + ((input[14] & 0xFF) << 8 | input[15] & 0xFF));
        }
        if (o.progress() == Progress.DONE && input[0] == 'P') {
            String line = new String(input, 0, o.consumed(), StandardCharsets.ISO_8859_1);
            assertThat(line).endsWith("\r\n");
            assertThat(line.substring(0, line.length() - 2)).doesNotContain("\r").doesNotContain("\n");
        }
    }

    @Provide
    Arbitrary<byte[]> suspiciousInput() {
        Arbitrary<byte[]> v1 = Arbitraries.strings().withChars("TCP46UNKOW .:0123456789abcdefABCDEF+-\r\n")
                .ofMaxLength(120)
                .map(tail -> bytes("PROXY " + tail));
        Arbitrary<byte[]> v1Shaped = Combinators.combine(Arbitraries.of("TCP4 ", "TCP6 ", "UNKNOWN "),
                        Arbitraries.strings().withChars("0123456789abcdef.: \r\n").ofMaxLength(90))
                .as((protocol, rest) -> bytes("PROXY " + protocol + rest));
        Arbitrary<byte[]> v2 = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(0x20, 0x21), Arbitraries.integers().between(0, 255)),
                        Arbitraries.oneOf(Arbitraries.of(Arrays.stream(FAMILY_TRANSPORTS).boxed().toList()),
                                Arbitraries.integers().between(0, 255)),
                        Arbitraries.oneOf(Arbitraries.integers().between(0, 80),
                                Arbitraries.integers().between(0, 65535)),
                        Arbitraries.oneOf(
                                Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
                                Arbitraries.of((byte) 0, (byte) 3, (byte) 4, (byte) 1, (byte) 0xFF)
                                        .array(byte[].class).ofMaxSize(100)))
                .as((versionCommand, familyTransport, length, body) -> ProxyV2Encoder.concat(
                        ProxyV2Encoder.SIGNATURE,
                        new byte[] {(byte) (int) versionCommand, (byte) (int) familyTransport, (byte) (length >>> 8),
                                (byte) (int) length},
                        body));
        return Arbitraries.oneOf(v1, v1Shaped, v2);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Read sizes to ascending cut indices within the input. */
    private static int[] cuts(List<Integer> pieces, byte[] input) {
        int[] cuts = new int[pieces.size()];
        int at = 0;
        for (int i = 0; i < cuts.length; i++) {
            at = Math.min(input.length, at + pieces.get(i));
            cuts[i] = at;
        }
        return cuts;
    }
}
