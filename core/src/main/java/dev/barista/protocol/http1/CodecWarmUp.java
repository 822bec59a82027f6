package dev.barista.protocol.http1;

import dev.barista.http.Headers;
import dev.barista.http.HttpLimits;
import dev.barista.http.HttpVersion;
import dev.barista.http.MessageSink;
import dev.barista.http.RequestHead;
import dev.barista.http.RequestParser;
import dev.barista.http.Response;
import dev.barista.http.ResponseEncoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Loads and initializes the classes a server's first request would (the codec, the date formatter), on the
 * thread that starts the server: so that its first requests do not block an event loop for class
 * initialization, which takes hundreds of milliseconds on a busy machine.
 */
public final class CodecWarmUp {
    private static final byte[] REQUEST = ("POST /warm-up?x=1 HTTP/1.1\r\nHost: localhost\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private CodecWarmUp() {
    }

    public static void run() {
        new RequestParser(HttpLimits.DEFAULTS).parse(ByteBuffer.wrap(REQUEST), new MessageSink() {
            @Override
            public void head(RequestHead head) {
                head.headers().get("host");
            }

            @Override
            public void content(ByteBuffer slice) {
            }

            @Override
            public void end(Headers trailers) {
            }
        });
        Response response = Response.text("warm");
        ResponseEncoder.encodeHead(response, HttpVersion.HTTP_1_1, false, false, ByteBuffer.allocate(512));
        ResponseEncoder.encodeHead(response, HttpVersion.HTTP_1_1, false, true, ByteBuffer.allocate(512));
    }
}
