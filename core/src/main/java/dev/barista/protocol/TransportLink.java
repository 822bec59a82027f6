package dev.barista.protocol;

import dev.barista.handler.ConnectionInfo;
import dev.barista.http.ResponseBody;

import java.net.InetSocketAddress;

/**
 * What a protocol session needs from the transport that carries its connection, and nothing more: its
 * thread, its clock, its addresses, and a way to read a response body that may block. Each transport
 * implements it once; the session never sees a socket.
 */
public interface TransportLink {

    /**
     * Runs {@code task} on the session's thread, after which the transport acts on the session's new state
     * (writes, reading interest, deadline, close). Any thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the transport is gone (the task will not run)
     */
    void execute(Runnable task);

    /**
     * Whether a response may arrive later from another thread through {@link #execute}. False for a blocking
     * transport, whose one thread is the connection's: there a handler's work completes before it reads again.
     */
    boolean acceptsLateResponses();

    /** The transport's clock ({@link System#nanoTime()} scale), cheap to read. Session thread only. */
    long now();

    /**
     * Starts moving a streamed response body to the session: the transport reads it where blocking is
     * allowed and hands each chunk to {@link StreamSink#chunk} and the end to {@link StreamSink#end}, on the
     * session's thread, no faster than the connection writes.
     */
    StreamSource pump(ResponseBody.Stream body, StreamSink sink);

    /**
     * From now on the transport drives {@code next} instead of the session calling (the connection turned to
     * another protocol: h2c). The caller has already given {@code next} whatever input it had left.
     * Session thread.
     */
    void switchProtocol(ProtocolSession next);

    /** Whether the bytes are protected on the wire (TLS): the requests' scheme is then https. */
    default boolean secure() {
        return false;
    }

    /**
     * A second output buffer for a layer between the session and the transport's own output (TLS's
     * plaintext), staged the way the transport stages its own. Its staging buffer may be shared by the
     * thread's other connections: whoever fills it empties it before the event ends.
     */
    OutboundBuffer newOutboundBuffer();

    /**
     * Who the connection is with, as its sessions report it to handlers: the TCP addresses, unless a PROXY
     * protocol header named others (then a link in between says so).
     */
    default ConnectionInfo connection() {
        return new ConnectionInfo(remoteAddress(), localAddress(), remoteAddress(), secure());
    }

    /** The peer's address (the TCP peer: a proxy in front, if any). */
    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The receiving end of a response body stream, on the session's thread. */
    interface StreamSink {
        void chunk(StreamSource source, byte[] data, int length);

        /** The stream ended: complete when it yielded exactly what it announced. */
        void end(StreamSource source, boolean complete);
    }

    /** A stream being pumped; cancelled when the connection no longer wants it. */
    interface StreamSource {
        void cancel();
    }
}
