package dev.barista.http;

/**
 * The HTTP versions Barista speaks: the two HTTP/1.x a request line may name (anything else there is answered
 * with 505), and HTTP/2, which no request line names (its requests come in frames).
 */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    HTTP_2("HTTP/2");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * Parses {@code a[from, to)} as an HTTP-version. A well-formed version other than 1.0 and 1.1 is refused with
     * 505, anything else malformed with 400; both return null after reporting to the failure sink.
     */
    static HttpVersion parse(byte[] a, int from, int to, FailureSink failures) {
        if (to - from == 8 && a[from] == 'H' && a[from + 1] == 'T' && a[from + 2] == 'T' && a[from + 3] == 'P'
                && a[from + 4] == '/' && Bytes.isDigit(a[from + 5]) && a[from + 6] == '.'
                && Bytes.isDigit(a[from + 7])) {
            if (a[from + 5] == '1' && a[from + 7] == '1') return HTTP_1_1;
            if (a[from + 5] == '1' && a[from + 7] == '0') return HTTP_1_0;
            failures.fail(505, "HTTP version not supported");
            return null;
        }
        failures.fail(400, "Malformed HTTP version");
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
