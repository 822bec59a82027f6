package dev.barista.http;

/**
 * Every size limit the HTTP codec enforces, in one place, checked as bytes arrive.
 *
 * <p>Each limit has one answer at the limit, always sent with {@code Connection: close}:
 * <ul>
 *   <li>{@code maxRequestLineLength}: request line longer than this → 414 URI Too Long;</li>
 *   <li>{@code maxHeaderSectionSize}: header field lines (or trailer lines) longer than this in total → 431;</li>
 *   <li>{@code maxHeaderCount}: more header (or trailer) fields than this → 431;</li>
 *   <li>{@code maxBodySize}: a Content-Length or a chunked total above this → 413 Content Too Large;</li>
 *   <li>{@code maxChunkLineLength}: a chunk-size line (size plus extensions) longer than this → 400.</li>
 * </ul>
 */
public record HttpLimits(
        int maxRequestLineLength,
        int maxHeaderSectionSize,
        int maxHeaderCount,
        long maxBodySize,
        int maxChunkLineLength) {

    /** nginx-like defaults: 8 KiB request line, 16 KiB of headers, 100 fields, 10 MiB bodies. */
    public static final HttpLimits DEFAULTS = new HttpLimits(8 * 1024, 16 * 1024, 100, 10L * 1024 * 1024, 1024);

    public HttpLimits {
        if (maxRequestLineLength < 16) throw new IllegalArgumentException("maxRequestLineLength < 16");
        if (maxHeaderSectionSize < 16) throw new IllegalArgumentException("maxHeaderSectionSize < 16");
        if (maxHeaderCount < 1) throw new IllegalArgumentException("maxHeaderCount < 1");
        if (maxBodySize < 0) throw new IllegalArgumentException("maxBodySize < 0");
        if (maxChunkLineLength < 18) throw new IllegalArgumentException("maxChunkLineLength < 18");
    }

    public HttpLimits withMaxRequestLineLength(int v) {
        return new HttpLimits(v, maxHeaderSectionSize, maxHeaderCount, maxBodySize, maxChunkLineLength);
    }

    public HttpLimits withMaxHeaderSectionSize(int v) {
        return new HttpLimits(maxRequestLineLength, v, maxHeaderCount, maxBodySize, maxChunkLineLength);
    }

    public HttpLimits withMaxHeaderCount(int v) {
        return new HttpLimits(maxRequestLineLength, maxHeaderSectionSize, v, maxBodySize, maxChunkLineLength);
    }

    public HttpLimits withMaxBodySize(long v) {
        return new HttpLimits(maxRequestLineLength, maxHeaderSectionSize, maxHeaderCount, v, maxChunkLineLength);
    }

    public HttpLimits withMaxChunkLineLength(int v) {
        return new HttpLimits(maxRequestLineLength, maxHeaderSectionSize, maxHeaderCount, maxBodySize, v);
    }
}
