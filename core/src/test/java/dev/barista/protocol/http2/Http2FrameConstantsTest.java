package dev.barista.protocol.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Http2}'s names for numbers, and {@link Http2Exception}'s two scopes. */
class Http2FrameConstantsTest {

    @Test
    void errorNamesAreTheRfcsAndUnknownCodesShowTheirValue() {
        String[] names = {"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
                "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
                "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};
        for (int code = 0; code < names.length; code++) assertThat(Http2.errorName(code)).isEqualTo(names[code]);
        assertThat(Http2.errorName(Http2.HTTP_1_1_REQUIRED)).isEqualTo("HTTP_1_1_REQUIRED");
        assertThat(Http2.errorName(0xe)).isEqualTo("0xe");
        assertThat(Http2.errorName(0xdead_beef)).isEqualTo("0xdeadbeef");
    }

    @Test
    void frameTypeNames() {
        assertThat(Http2.frameTypeName(Http2.DATA)).isEqualTo("DATA");
        assertThat(Http2.frameTypeName(Http2.CONTINUATION)).isEqualTo("CONTINUATION");
        assertThat(Http2.frameTypeName(0x10)).isEqualTo("0x10");
    }

    @Test
    void aConnectionErrorHasStreamZero() {
        Http2Exception e = Http2Exception.connection(Http2.PROTOCOL_ERROR, "DATA frame on stream 0");
        assertThat(e.streamId()).isZero();
        assertThat(e.isConnectionError()).isTrue();
        assertThat(e.errorCode()).isEqualTo(Http2.PROTOCOL_ERROR);
        assertThat(e.getMessage()).isEqualTo("DATA frame on stream 0");
        assertThat(e).hasToString("Http2Exception: PROTOCOL_ERROR (connection): DATA frame on stream 0");
    }

    @Test
    void aStreamErrorNamesItsStream() {
        Http2Exception e = Http2Exception.stream(3, Http2.FRAME_SIZE_ERROR, "PRIORITY frame length is not 5");
        assertThat(e.streamId()).isEqualTo(3);
        assertThat(e.isConnectionError()).isFalse();
        assertThat(e).hasToString("Http2Exception: FRAME_SIZE_ERROR on stream 3: PRIORITY frame length is not 5");
        assertThatThrownBy(() -> Http2Exception.stream(0, Http2.CANCEL, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cheapToThrow() {
        Http2Exception e = Http2Exception.connection(Http2.PROTOCOL_ERROR, "x");
        assertThat(e.getStackTrace()).isEmpty();
        e.addSuppressed(new RuntimeException());
        assertThat(e.getSuppressed()).isEmpty();
        assertThat(e.getCause()).isNull();
    }
}
