package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.bytes;
import static dev.barista.protocol.proxy.ProxyV2Encoder.LOCAL;
import static dev.barista.protocol.proxy.ProxyV2Encoder.PROXY;
import static dev.barista.protocol.proxy.ProxyV2Encoder.TCP4;
import static dev.barista.protocol.proxy.ProxyV2Encoder.TCP6;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UNIX_STREAM;
import static dev.barista.protocol.proxy.ProxyV2Encoder.UNSPEC;
import static dev.barista.protocol.proxy.ProxyV2Encoder.checksum;
import static dev.barista.protocol.proxy.ProxyV2Encoder.concat;
import static dev.barista.protocol.proxy.ProxyV2Encoder.encode;
import static dev.barista.protocol.proxy.ProxyV2Encoder.inet;
import static dev.barista.protocol.proxy.ProxyV2Encoder.tlv;
import static dev.barista.protocol.proxy.ProxyV2Encoder.unix;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Outcome;
import dev.barista.protocol.proxy.EmbeddedProxyDecoder.Placement;
import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder's promise to a connection: however the header is cut into reads, the answer is NEED_MORE until its
 * last byte is there, then DONE with the same header, and the bytes that follow it (here a request line) are left
 * in the buffer for the HTTP parser. And input that is not a PROXY header is refused on the first byte that says so.
 */
class ProxyEverySplitTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\n";
    private static final byte[] V2_SIGNATURE = ProxyV2Encoder.SIGNATURE;

    static Stream<byte[]> headers() {
        byte[] v4 = {10, 0, 0, 1};
        byte[] v6 = new byte[16];
        v6[15] = 1;
        return Stream.of(
                bytes("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"),
                bytes("PROXY TCP6 2001:db8::1 ::ffff:10.1.2.3 1 65535\r\n"),
                bytes("PROXY UNKNOWN\r\n"),
                bytes("PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff "
                        + "65535 65535\r\n"),
                encode(LOCAL, UNSPEC, new byte[0]),
                encode(PROXY, TCP4, inet(v4, v4, 80, 8080)),
                encode(PROXY, TCP6, inet(v6, v6, 0, 1), tlv(0x01, "h2"), tlv(0x02, "example.com"), checksum()),
                encode(PROXY, UNIX_STREAM, unix("/a", "/b"), checksum()),
                // a header whose length field, CRC field or TLV bytes are themselves a CR, LF or "PROXY "
                encode(PROXY, TCP4, inet(new byte[] {13, 10, 13, 10}, v4, 0x0D0A, 0x0A0D), tlv(0x0A, "PROXY \r\n")));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("headers")
    void needMoreUntilTheLastByteThenDoneWithTheRequestLeftInTheBuffer(byte[] header) {
        byte[] input = concat(header, bytes(REQUEST));
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(input);
        assertThat(o.progress()).as(o.toString()).isEqualTo(Progress.DONE);
        assertThat(o.decidedAt()).isEqualTo(header.length);
        assertThat(o.consumed()).isEqualTo(header.length);
        assertThat(o.restText()).isEqualTo(REQUEST);
        assertThat(o.header()).isEqualTo(EmbeddedProxyDecoder.decode(header, EmbeddedProxyDecoder.MAX_V2).header());
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("headers")
    void everyPairOfSplitsAgrees(byte[] header) {
        byte[] input = concat(header, bytes(REQUEST));
        String expected = EmbeddedProxyDecoder.decode(input, EmbeddedProxyDecoder.MAX_V2).describe();
        int step = input.length > 120 ? 3 : 1; // keep the cubic cost down on the UNIX block
        for (int i = 0; i <= input.length; i += step) {
            for (int j = i; j <= input.length; j += step) {
                Outcome o = EmbeddedProxyDecoder.decodeSplitAt(input, EmbeddedProxyDecoder.MAX_V2, Placement.DIRECT,
                        (byte) '\r', i, j);
                assertThat(o.describe()).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    /** A correct prefix of a signature, then one wrong byte, then the rest of a valid header. */
    static Stream<Arguments> wrongSignatures() {
        byte[] v1 = bytes("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        byte[] v2 = encode(PROXY, TCP4, inet(new byte[4], new byte[4], 1, 2));
        return Stream.concat(
                IntStream.range(0, 6).boxed().flatMap(i -> Stream.of(
                        Arguments.of(withByte(v1, i, (byte) (v1[i] ^ 0x20)), i),
                        Arguments.of(withByte(v1, i, (byte) 0), i))),
                IntStream.range(0, 12).boxed().flatMap(i -> Stream.of(
                        Arguments.of(withByte(v2, i, (byte) (v2[i] + 1)), i),
                        Arguments.of(withByte(v2, i, (byte) 'X'), i))));
    }

    @ParameterizedTest(name = "[{index}] wrong byte at {1}")
    @MethodSource("wrongSignatures")
    void aWrongSignatureIsRefusedOnItsFirstWrongByte(byte[] input, int wrongAt) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(input);
        assertThat(o.error()).isEqualTo("Not a PROXY protocol header");
        assertThat(o.decidedAt()).isEqualTo(wrongAt + 1);
    }

    static Stream<Arguments> otherProtocols() {
        return Stream.of(
                Arguments.of("GET / HTTP/1.1\r\nHost: h\r\n\r\n", 1),
                Arguments.of("POST / HTTP/1.1\r\n", 2), // 'P' is also where "PROXY " starts
                Arguments.of("PUT / HTTP/1.1\r\n", 2),
                Arguments.of("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 3), // the HTTP/2 preface
                Arguments.of("PROXZ TCP4", 5),
                Arguments.of("\u0016\u0003\u0001\u0002\u0000\u0001", 1), // a TLS ClientHello
                Arguments.of("SSH-2.0-OpenSSH_9.6\r\n", 1),
                Arguments.of("\r\n\r\nGET / HTTP/1.1\r\n", 5), // CRLFs that RFC 9112 lets lead a request
                Arguments.of("\r\n", -1)); // could still be a signature: wait
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("otherProtocols")
    void anotherProtocolIsRefusedAtOnce(String input, int decidedAt) {
        Outcome o = EmbeddedProxyDecoder.decodeEveryWay(bytes(input));
        assertThat(o.decidedAt()).isEqualTo(decidedAt);
        if (decidedAt > 0) assertThat(o.error()).isEqualTo("Not a PROXY protocol header");
        else assertThat(o.progress()).isEqualTo(Progress.NEED_MORE);
    }

    private static byte[] withByte(byte[] bytes, int at, byte b) {
        byte[] copy = Arrays.copyOf(bytes, bytes.length);
        copy[at] = b;
        return copy;
    }
}
