package dev.barista.protocol.http2.hpack;

/**
 * A header block that cannot be decoded. Either the block is malformed, which is a connection error
 * (COMPRESSION_ERROR, RFC 9113 section 4.3: the decoder's table can no longer be trusted), or it was well formed
 * but its header list is larger than allowed ({@link #isHeaderListTooLarge()}), which costs only the stream
 * because the decoder still read the whole block and its table stays in step with the peer's.
 *
 * <p>Cheap to throw (no stack trace), and the message never quotes the input.
 */
public final class HpackException extends Exception {
    private final boolean headerListTooLarge;

    HpackException(String message) {
        this(message, false);
    }

    private HpackException(String message, boolean headerListTooLarge) {
        super(message, null, false, false);
        this.headerListTooLarge = headerListTooLarge;
    }

    static HpackException headerListTooLarge() {
        return new HpackException("header list larger than the limit", true);
    }

    /** True when the block was decoded in full but its fields passed the header list size limit. */
    public boolean isHeaderListTooLarge() {
        return headerListTooLarge;
    }
}
