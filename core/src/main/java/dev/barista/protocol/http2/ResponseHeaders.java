package dev.barista.protocol.http2;

import dev.barista.http.HttpDate;
import dev.barista.http.Response;
import dev.barista.protocol.http2.hpack.HpackEncoder;
import dev.barista.protocol.http2.hpack.HpackOutput;

import java.util.Locale;

/**
 * A response's header block as HTTP/2 carries it (RFC 9113 section 8.3.2): {@code :status} first, names in
 * lower case, no connection-specific fields (HTTP/1's {@code Connection}, {@code Transfer-Encoding} and their
 * kind mean nothing here), and the fields the HTTP/1 encoder adds too: {@code date}, {@code server} and the
 * body's {@code content-length} when it is known.
 */
final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /** Encodes the head of {@code response}; {@code bodyLength} is -1 when unknown (a stream). */
    static void encode(Response response, long bodyLength, HpackEncoder encoder, HpackOutput out, long nowNanos) {
        encoder.encodeStatus(response.status(), out);
        boolean hasDate = false;
        boolean hasServer = false;
        boolean hasLength = false;
        for (int i = 0; i < response.headerCount(); i++) {
            String name = response.headerName(i).toLowerCase(Locale.ROOT); // the same instance when lower already
            if (isConnectionSpecific(name)) continue;
            hasDate |= name.equals("date");
            hasServer |= name.equals("server");
            hasLength |= name.equals("content-length");
            encoder.encode(name, response.headerValue(i), out);
        }
        if (!hasServer) encoder.encode("server", "Barista", out);
        if (!hasDate) encoder.encode("date", HttpDate.value(nowNanos), out);
        if (!hasLength && bodyLength >= 0 && mayHaveContent(response.status())) {
            encoder.encode("content-length", Long.toString(bodyLength), out);
        }
    }

    static boolean mayHaveContent(int status) {
        return status >= 200 && status != 204 && status != 304;
    }

    private static boolean isConnectionSpecific(String name) {
        return switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> true;
            default -> false;
        };
    }
}
