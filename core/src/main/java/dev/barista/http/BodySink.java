package dev.barista.http;

import java.nio.ByteBuffer;

/**
 * Receives a message's body and its end, the part every HTTP message shares. {@link MessageSink} (requests) and
 * {@link ResponseSink} (responses) add the head that comes before.
 */
public interface BodySink {

    /**
     * A piece of the body, de-chunked. The slice shares the caller's input buffer and is valid only during
     * this call: copy what must outlive it.
     */
    void content(ByteBuffer slice);

    /** The message is complete; trailers are empty unless a chunked body carried trailer fields. */
    void end(Headers trailers);
}
