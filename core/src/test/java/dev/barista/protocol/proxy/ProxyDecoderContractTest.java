package dev.barista.protocol.proxy;

import static dev.barista.protocol.proxy.EmbeddedProxyDecoder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barista.protocol.proxy.ProxyHeader.Tlv;
import dev.barista.protocol.proxy.ProxyProtocolDecoder.Progress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder's lifecycle and the header's invariants: what a caller may rely on besides the bytes. */
class ProxyDecoderContractTest {

    private static final byte[] V2 = ProxyV2Encoder.encode(ProxyV2Encoder.PROXY, ProxyV2Encoder.TCP4,
            ProxyV2Encoder.inet(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, 0x1234, 0x5678),
            ProxyV2Encoder.checksum());

    @Test
    void nothingIsKnownBeforeTheAnswer() {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(100);
        assertThat(decoder.header()).isNull();
        assertThat(decoder.error()).isNull();
        assertThat(decoder.decode(ByteBuffer.allocate(0))).isEqualTo(Progress.NEED_MORE);
        assertThat(decoder.decode(ByteBuffer.wrap(V2, 0, 15))).isEqualTo(Progress.NEED_MORE);
        assertThat(decoder.header()).isNull();
        assertThat(decoder.error()).isNull();
    }

    @Test
    void afterErrorEveryCallAnswersErrorEvenForAGoodHeader() {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(100);
        assertThat(decoder.decode(ByteBuffer.wrap(bytes("GET /")))).isEqualTo(Progress.ERROR);
        ByteBuffer good = ByteBuffer.wrap(V2);
        assertThat(decoder.decode(good)).isEqualTo(Progress.ERROR);
        assertThat(good.position()).isZero();
        assertThat(decoder.error()).isEqualTo("Not a PROXY protocol header");
        assertThat(decoder.header()).isNull();
    }

    @Test
    void afterDoneThereIsNothingLeftToDecode() {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(100);
        ByteBuffer in = ByteBuffer.wrap(ProxyV2Encoder.concat(V2, V2));
        assertThat(decoder.decode(in)).isEqualTo(Progress.DONE);
        assertThat(in.position()).isEqualTo(V2.length);
        assertThatThrownBy(() -> decoder.decode(in)).isInstanceOf(IllegalStateException.class);
        assertThat(in.position()).isEqualTo(V2.length);
    }

    @Test
    void theBuffersByteOrderAndMarkBelongToTheCaller() {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(100);
        ByteBuffer in = ByteBuffer.allocateDirect(V2.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        in.put(4, V2).position(4).mark();
        assertThat(decoder.decode(in)).isEqualTo(Progress.DONE);
        assertThat(in.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(decoder.header().source()).isEqualTo(new InetSocketAddress("1.2.3.4", 0x1234));
        assertThat(decoder.header().destination().getPort()).isEqualTo(0x5678);
        assertThat(in.reset().position()).isEqualTo(4);
    }

    @Test
    void theLimitMustLeaveRoomForTheFixedPart() {
        assertThatThrownBy(() -> new ProxyProtocolDecoder(15)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProxyProtocolDecoder(16).decode(ByteBuffer.wrap(
                ProxyV2Encoder.encode(ProxyV2Encoder.LOCAL, ProxyV2Encoder.UNSPEC, new byte[0]))))
                .isEqualTo(Progress.DONE);
    }

    @Test
    void aHeaderHasAddressesExactlyWhenItIsNotLocal() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        assertThatThrownBy(() -> new ProxyHeader(2, true, a, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyHeader(2, false, a, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProxyHeader(3, true, null, null, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ProxyHeader(1, false, a, a, List.of()).tlvs()).isEmpty();
    }

    @Test
    void tlvsAreValuesComparedByTheirBytes() {
        assertThat(new Tlv(1, new byte[] {'h', '2'})).isEqualTo(new Tlv(1, new byte[] {'h', '2'}))
                .hasSameHashCodeAs(new Tlv(1, new byte[] {'h', '2'}))
                .isNotEqualTo(new Tlv(2, new byte[] {'h', '2'}))
                .hasToString("Tlv[type=0x01, value=6832]");
        assertThatThrownBy(() -> new Tlv(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tlv(1, new byte[65536])).isInstanceOf(IllegalArgumentException.class);
    }
}
