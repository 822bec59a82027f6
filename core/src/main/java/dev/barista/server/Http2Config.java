package dev.barista.server;

/**
 * HTTP/2's settings and limits (RFC 9113 section 6.5.2), with the defaults a public server wants.
 *
 * @param cleartext            serve h2c on the cleartext listener: the prior-knowledge preface and
 *                             {@code Upgrade: h2c} (HTTP/2 over TLS is chosen by ALPN whatever this says)
 * @param maxConcurrentStreams streams one connection may have open at once; more are refused (REFUSED_STREAM)
 * @param initialWindowSize    how much of a request body a stream may send before we ask for more
 * @param connectionWindowSize the same for all of a connection's streams together
 * @param maxFrameSize         the largest frame payload we accept
 * @param maxHeaderListSize    the largest decoded header list (RFC 7541 size: name + value + 32 per field); a
 *                             larger request is answered 431
 * @param headerTableSize      the HPACK dynamic table the peer may make us keep
 * @param maxResetsPer30s      streams a client may cancel within 30 s before the connection is closed with
 *                             ENHANCE_YOUR_CALM (rapid reset, CVE-2023-44487)
 * @param maxControlFramesPer10s frames that cost us work but carry no request (PING, SETTINGS, PRIORITY,
 *                             empty DATA and CONTINUATION) a client may send within 10 s before the same
 */
public record Http2Config(
        boolean cleartext,
        int maxConcurrentStreams,
        int initialWindowSize,
        int connectionWindowSize,
        int maxFrameSize,
        int maxHeaderListSize,
        int headerTableSize,
        int maxResetsPer30s,
        int maxControlFramesPer10s) {

    public static final Http2Config DEFAULTS =
            new Http2Config(true, 100, 1 << 20, 4 << 20, 16_384, 32 * 1024, 4096, 200, 2000);

    public Http2Config {
        if (maxConcurrentStreams < 1) throw new IllegalArgumentException("maxConcurrentStreams must be >= 1");
        if (initialWindowSize < 65_535) throw new IllegalArgumentException("initialWindowSize must be >= 65535");
        if (connectionWindowSize < 65_535) throw new IllegalArgumentException("connectionWindowSize must be >= 65535");
        if (maxFrameSize < 16_384 || maxFrameSize > 16_777_215) {
            throw new IllegalArgumentException("maxFrameSize must be within [16384, 16777215]");
        }
        if (maxHeaderListSize < 1024) throw new IllegalArgumentException("maxHeaderListSize must be >= 1024");
        if (headerTableSize < 0) throw new IllegalArgumentException("headerTableSize must be >= 0");
        if (maxResetsPer30s < 1 || maxControlFramesPer10s < 1) throw new IllegalArgumentException("flood limits must be >= 1");
    }

    public Http2Config withCleartext(boolean on) {
        return new Http2Config(on, maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                maxHeaderListSize, headerTableSize, maxResetsPer30s, maxControlFramesPer10s);
    }

    public Http2Config withMaxConcurrentStreams(int n) {
        return new Http2Config(cleartext, n, initialWindowSize, connectionWindowSize, maxFrameSize,
                maxHeaderListSize, headerTableSize, maxResetsPer30s, maxControlFramesPer10s);
    }

    public Http2Config withMaxResetsPer30s(int n) {
        return new Http2Config(cleartext, maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                maxHeaderListSize, headerTableSize, n, maxControlFramesPer10s);
    }

    public Http2Config withMaxControlFramesPer10s(int n) {
        return new Http2Config(cleartext, maxConcurrentStreams, initialWindowSize, connectionWindowSize, maxFrameSize,
                maxHeaderListSize, headerTableSize, maxResetsPer30s, n);
    }
}
