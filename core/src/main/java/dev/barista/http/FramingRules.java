package dev.barista.http;

/**
 * How a message's body is delimited, from its Transfer-Encoding and Content-Length fields (RFC 9112 section 6),
 * with the strictness that defeats smuggling: both fields together, more than one Content-Length, a length that is
 * not 1-18 plain digits, Transfer-Encoding in HTTP/1.0, chunked not last or applied twice are refused (400);
 * another coding before a final chunked is 501; a length over the body limit is 413. The rules are the same for
 * requests and responses; only the words of the reasons differ.
 */
record FramingRules(String http10TransferEncodingReason, String bodyTooLargeReason) {
    static final FramingRules REQUEST =
            new FramingRules("Transfer-Encoding in an HTTP/1.0 request", "Request body too large");
    static final FramingRules RESPONSE =
            new FramingRules("Transfer-Encoding in an HTTP/1.0 response", "Response body too large");

    /** {@link #bodyLength} result: the body is chunked. */
    static final long CHUNKED = -1;
    /** {@link #bodyLength} result: neither field is present. */
    static final long NO_FRAMING_FIELDS = -2;
    /** {@link #bodyLength} result: refused, reported to the failure sink. */
    static final long FAILED = -3;

    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    /** The Content-Length (0 or more), {@link #CHUNKED}, {@link #NO_FRAMING_FIELDS} or {@link #FAILED}. */
    long bodyLength(Headers headers, KnownFields known, HttpVersion version, long maxBodySize, FailureSink failures) {
        boolean hasTransferEncoding = known.count(KnownFields.TRANSFER_ENCODING) > 0;
        int lengths = known.count(KnownFields.CONTENT_LENGTH);
        if (hasTransferEncoding) {
            if (version == HttpVersion.HTTP_1_0) return fail(failures, 400, http10TransferEncodingReason);
            if (lengths > 0) return fail(failures, 400, "Both Transfer-Encoding and Content-Length");
            return checkTransferCoding(headers, failures) ? CHUNKED : FAILED;
        }
        if (lengths > 1) return fail(failures, 400, "Multiple Content-Length header fields");
        if (lengths == 0) return NO_FRAMING_FIELDS;
        int i = known.first(KnownFields.CONTENT_LENGTH);
        long contentLength = parseContentLength(headers.bytes(), headers.valueStart(i), headers.valueEnd(i));
        if (contentLength < 0) return fail(failures, 400, "Invalid Content-Length");
        if (contentLength > maxBodySize) return fail(failures, 413, bodyTooLargeReason);
        return contentLength;
    }

    /** Transfer-Encoding must list codings ending with exactly one chunked; others are unknown to us. */
    private static boolean checkTransferCoding(Headers headers, FailureSink failures) {
        boolean chunkedSeen = false;
        boolean chunkedLast = false;
        boolean unknown = false;
        for (ListMembers coding = ListMembers.of(headers, "transfer-encoding"); coding.next(); ) {
            if (coding.is("chunked")) {
                if (chunkedSeen) return failed(failures, 400, "chunked applied more than once");
                chunkedSeen = true;
                chunkedLast = true;
            } else {
                chunkedLast = false;
                unknown = true;
            }
        }
        if (!chunkedLast) return failed(failures, 400, "chunked must be the final transfer coding");
        if (unknown) return failed(failures, 501, "Unsupported transfer coding");
        return true;
    }

    static long parseContentLength(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0 || n > MAX_CONTENT_LENGTH_DIGITS) return -1;
        long v = 0;
        for (int i = from; i < to; i++) {
            if (!Bytes.isDigit(b[i])) return -1;
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    private static long fail(FailureSink failures, int status, String reason) {
        failures.fail(status, reason);
        return FAILED;
    }

    private static boolean failed(FailureSink failures, int status, String reason) {
        failures.fail(status, reason);
        return false;
    }
}
