package dev.barista.http;

import java.nio.ByteBuffer;

/**
 * Receives the parts of each request {@link RequestParser} decodes, in order: one {@link #head},
 * zero or more {@link #content} slices, one {@link #end}.
 */
public interface MessageSink {

    void head(RequestHead head);

    /**
     * A piece of the body, de-chunked. The slice shares the caller's input buffer and is valid only during
     * this call: copy what must outlive it.
     */
    void content(ByteBuffer slice);

    /** The message is complete; trailers are empty unless a chunked body carried trailer fields. */
    void end(Headers trailers);
}
