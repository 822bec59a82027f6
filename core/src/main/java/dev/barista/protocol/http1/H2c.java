package dev.barista.protocol.http1;

import dev.barista.http.RequestHead;
import dev.barista.protocol.http2.Http2;
import dev.barista.protocol.http2.Http2Exception;
import dev.barista.protocol.http2.Settings;
import dev.barista.protocol.http2.FrameReader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The two ways a cleartext HTTP/1.1 connection turns into HTTP/2 (h2c): a client with prior knowledge opens
 * with HTTP/2's connection preface (RFC 9113 3.3), and an HTTP/1.1 request may ask with {@code Upgrade: h2c}
 * and {@code HTTP2-Settings} (RFC 7540 3.2; RFC 9113 deprecates it, curl still uses it). Pure functions.
 */
final class H2c {
    /** What the connection's first bytes say. */
    enum Preface { MATCH, NO, NEED_MORE }

    /** The answer that completes an upgrade; HTTP/2 frames follow it on the same connection. */
    static final byte[] SWITCHING = ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private H2c() {
    }

    /** Whether {@code in} (from its position, not consumed) begins with the client preface. */
    static Preface preface(ByteBuffer in) {
        byte[] preface = Http2.CLIENT_PREFACE;
        int n = Math.min(in.remaining(), preface.length);
        for (int i = 0; i < n; i++) {
            if (in.get(in.position() + i) != preface[i]) return Preface.NO;
        }
        return n == preface.length ? Preface.MATCH : Preface.NEED_MORE;
    }

    /**
     * The client's settings if {@code head} is a well-formed upgrade to h2c: {@code Upgrade} names h2c,
     * {@code Connection} names both Upgrade and HTTP2-Settings, one {@code HTTP2-Settings} in base64url holds a
     * valid SETTINGS payload, and there is no body (a request with one is served as HTTP/1.1, which RFC 7540
     * allows). Null otherwise: the request is then served as plain HTTP/1.1.
     */
    static Settings upgradeSettings(RequestHead head) {
        var headers = head.headers();
        if (head.hasBody() || !headers.hasToken("upgrade", "h2c") || headers.count("http2-settings") != 1
                || !headers.hasToken("connection", "upgrade") || !headers.hasToken("connection", "http2-settings")) {
            return null;
        }
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(headers.get("http2-settings").replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
        Settings settings = new Settings();
        try {
            FrameReader.parseSettings(ByteBuffer.wrap(payload), settings);
        } catch (Http2Exception e) {
            return null;
        }
        return settings;
    }
}
