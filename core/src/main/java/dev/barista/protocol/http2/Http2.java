package dev.barista.protocol.http2;

import java.nio.charset.StandardCharsets;

/** The numbers HTTP/2 puts on the wire (RFC 9113): frame types, flags, error codes, settings and sizes. */
public final class Http2 {

    // Frame types (RFC 9113 section 6).
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int PRIORITY = 0x2;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PUSH_PROMISE = 0x5;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int WINDOW_UPDATE = 0x8;
    public static final int CONTINUATION = 0x9;

    // Flags. Their meaning depends on the frame type, hence the shared values (END_STREAM and ACK are both 0x1).
    public static final int END_STREAM = 0x1;
    public static final int ACK = 0x1;
    public static final int END_HEADERS = 0x4;
    public static final int PADDED = 0x8;
    public static final int PRIORITY_FLAG = 0x20;

    // Error codes (section 7).
    public static final int NO_ERROR = 0x0;
    public static final int PROTOCOL_ERROR = 0x1;
    public static final int INTERNAL_ERROR = 0x2;
    public static final int FLOW_CONTROL_ERROR = 0x3;
    public static final int SETTINGS_TIMEOUT = 0x4;
    public static final int STREAM_CLOSED = 0x5;
    public static final int FRAME_SIZE_ERROR = 0x6;
    public static final int REFUSED_STREAM = 0x7;
    public static final int CANCEL = 0x8;
    public static final int COMPRESSION_ERROR = 0x9;
    public static final int CONNECT_ERROR = 0xa;
    public static final int ENHANCE_YOUR_CALM = 0xb;
    public static final int INADEQUATE_SECURITY = 0xc;
    public static final int HTTP_1_1_REQUIRED = 0xd;

    // Settings identifiers (section 6.5.2; NO_RFC7540_PRIORITIES is RFC 9218 section 2.1).
    public static final int HEADER_TABLE_SIZE = 0x1;
    public static final int ENABLE_PUSH = 0x2;
    public static final int MAX_CONCURRENT_STREAMS = 0x3;
    public static final int INITIAL_WINDOW_SIZE = 0x4;
    public static final int MAX_FRAME_SIZE = 0x5;
    public static final int MAX_HEADER_LIST_SIZE = 0x6;
    public static final int NO_RFC7540_PRIORITIES = 0x9;

    // Sizes.
    public static final int FRAME_HEADER_LENGTH = 9;
    /** The initial SETTINGS_MAX_FRAME_SIZE, and the least a peer may advertise. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    /** The largest SETTINGS_MAX_FRAME_SIZE: what the 24-bit length field holds. */
    public static final int MAX_MAX_FRAME_SIZE = 16_777_215;
    /** The initial flow-control window of the connection and of every stream. */
    public static final int DEFAULT_WINDOW = 65_535;
    public static final int MAX_WINDOW = 0x7fff_ffff;

    /** What a client sends first (section 3.4), before its SETTINGS frame. An array, so treat it as read-only. */
    public static final byte[] CLIENT_PREFACE =
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final String[] ERROR_NAMES = {
            "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
            "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
            "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"};

    private static final String[] FRAME_TYPE_NAMES = {
            "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
            "WINDOW_UPDATE", "CONTINUATION"};

    private Http2() {
    }

    /** The error code's name, or its value in hex for codes this version does not know (peers may send any). */
    public static String errorName(int code) {
        return code >= 0 && code < ERROR_NAMES.length ? ERROR_NAMES[code] : "0x" + Integer.toHexString(code);
    }

    /** The frame type's name, or its value in hex for extension types. */
    public static String frameTypeName(int type) {
        return type >= 0 && type < FRAME_TYPE_NAMES.length ? FRAME_TYPE_NAMES[type] : "0x" + Integer.toHexString(type);
    }
}
