package dev.barista.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An HTTP response: status, header fields and a body. Immutable once built.
 *
 * <p>Framing is Barista's job: a handler cannot set Content-Length or Transfer-Encoding (they follow from
 * the body), and {@code Connection: close} is expressed with {@link Builder#closeConnection()}. Date and
 * Server are added unless the handler set them. Trailer fields ({@link Builder#trailers}) follow the body.
 */
public final class Response {
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    public static final String APPLICATION_JSON = "application/json";
    public static final String TEXT_HTML = "text/html; charset=utf-8";

    /** Set in {@link #statusAndFlags} above the status: the connection closes after this response. */
    private static final int CLOSE = 1 << 16;

    /** The status, and {@link #CLOSE}: one int, so that a response (one per request) stays 32 bytes. */
    private final int statusAndFlags;
    /** Alternating names and values. */
    private final String[] headers;
    private final ResponseBody body;
    /** Called once the body is sent; null for none. */
    private final Supplier<Map<String, String>> trailers;

    private Response(int status, String[] headers, ResponseBody body, boolean closeConnection,
                     Supplier<Map<String, String>> trailers) {
        this.statusAndFlags = status | (closeConnection ? CLOSE : 0);
        this.headers = headers;
        this.body = body;
        this.trailers = trailers;
    }

    public static Builder status(int status) {
        return new Builder(status);
    }

    /** 200 with a UTF-8 text/plain body. */
    public static Response text(String text) {
        return status(200).contentType(TEXT_PLAIN).body(text);
    }

    /** 200 with an application/json body (already serialized). */
    public static Response json(String json) {
        return status(200).contentType(APPLICATION_JSON).body(json);
    }

    public static Response json(byte[] json) {
        return status(200).contentType(APPLICATION_JSON).body(json);
    }

    /**
     * 200 with {@code value} as its JSON body, written by the server's {@link dev.barista.handler.JsonMapper}
     * on the handler's thread once the handler returns.
     */
    public static Response entity(Object value) {
        return status(200).entity(value);
    }

    /** A status with a short plain-text explanation (written by the server, never client input). */
    public static Response error(int status, String reason) {
        return status(status).contentType(TEXT_PLAIN).body(reason + "\n");
    }

    public int status() {
        return statusAndFlags & 0xFFFF;
    }

    public ResponseBody body() {
        return body;
    }

    public boolean closeConnection() {
        return (statusAndFlags & CLOSE) != 0;
    }

    /**
     * What gives the trailer fields, asked once the body has been sent (so that a streamed body can decide
     * them: a checksum, gRPC's status); null when the response has none.
     */
    public Supplier<Map<String, String>> trailers() {
        return trailers;
    }

    public int headerCount() {
        return headers.length / 2;
    }

    public String headerName(int index) {
        return headers[2 * index];
    }

    public String headerValue(int index) {
        return headers[2 * index + 1];
    }

    /** The first value of the named header, or null. */
    public String header(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) return headers[i + 1];
        }
        return null;
    }

    /** A copy with one more header field (for filters); validated like the builder's. */
    public Response withHeader(String name, String value) {
        Builder.checkField(name, value);
        String[] more = Arrays.copyOf(headers, headers.length + 2);
        more[headers.length] = name;
        more[headers.length + 1] = value;
        return new Response(status(), more, body, closeConnection(), trailers);
    }

    /** A copy with another body (its framing follows from it). */
    public Response withBody(ResponseBody newBody) {
        return new Response(status(), headers, newBody, closeConnection(), trailers);
    }

    /** A copy with another status; {@code 101} and invalid codes are refused. */
    public Response withStatus(int newStatus) {
        Builder.checkStatus(newStatus);
        return new Response(newStatus, headers, body, closeConnection(), trailers);
    }

    /** The same response, asking the server to close the connection after it. */
    public Response withCloseConnection() {
        return closeConnection() ? this : new Response(status(), headers, body, true, trailers);
    }

    @Override
    public String toString() {
        return "Response[" + status() + ", " + body.getClass().getSimpleName() + " " + body.length() + "]";
    }

    /** Builds a {@link Response}; header names and values are validated as they are added. */
    public static final class Builder {
        private final int status;
        private String[] headers = new String[8];
        private int size;
        private boolean closeConnection;
        private Supplier<Map<String, String>> trailers;

        private Builder(int status) {
            checkStatus(status);
            this.status = status;
        }

        static void checkStatus(int status) {
            if (!HttpStatus.isValid(status) || status == 101) {
                throw new IllegalArgumentException("invalid response status " + status);
            }
        }

        static void checkField(String name, String value) {
            checkName(name);
            checkValue(value);
            if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                throw new IllegalArgumentException(name + " follows from the body; Barista sets it");
            }
            if (name.equalsIgnoreCase("connection")) {
                throw new IllegalArgumentException("use closeConnection() instead of a Connection header");
            }
        }

        public Builder header(String name, String value) {
            checkField(name, value);
            return add(name, value);
        }

        public Builder contentType(String value) {
            checkValue(value); // the name is a valid one that a handler may set: only the value needs the check
            return add("Content-Type", value);
        }

        private Builder add(String name, String value) {
            if (size == headers.length) headers = Arrays.copyOf(headers, size * 2);
            headers[size++] = name;
            headers[size++] = value;
            return this;
        }

        /** A {@code Set-Cookie} field. */
        public Builder cookie(Cookie cookie) {
            return header("Set-Cookie", cookie.toSetCookieValue());
        }

        /** Close the connection after this response. */
        public Builder closeConnection() {
            closeConnection = true;
            return this;
        }

        public Response body(String text) {
            return body(ResponseBody.of(text));
        }

        public Response body(byte[] bytes) {
            return body(ResponseBody.of(bytes));
        }

        /**
         * Trailer fields after the body, from {@code supplier}, called on the connection's thread once the body is
         * sent. HTTP/2 sends them in a last HEADERS frame; HTTP/1.1 after a chunked body (the response is then
         * chunked even when its length is known); HTTP/1.0 has no place for them, and a HEAD response or one
         * without content sends none. Fields a trailer may not carry (framing, routing, authentication, content
         * format: RFC 9110 6.5.1) and invalid ones are left out and logged. To announce them, add a
         * {@code Trailer} header naming them.
         */
        public Builder trailers(Supplier<Map<String, String>> supplier) {
            this.trailers = java.util.Objects.requireNonNull(supplier, "supplier");
            return this;
        }

        public Response body(ResponseBody body) {
            return new Response(status, Arrays.copyOf(headers, size), body, closeConnection, trailers);
        }

        /** {@code value} as the JSON body, written by the server's JSON mapper (see {@link Response#entity}). */
        public Response entity(Object value) {
            return body(new ResponseBody.Entity(value));
        }

        public Response build() {
            return body(ResponseBody.EMPTY);
        }

        private static void checkName(String name) {
            if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
            if (!isName(name)) throw new IllegalArgumentException("invalid header name: " + name);
        }

        private static void checkValue(String value) {
            // Rejecting CR, LF and other controls here is what makes response splitting impossible.
            if (!isValue(value)) throw new IllegalArgumentException("invalid character in header value");
        }

        /** A field name: a token (RFC 9110 5.1). */
        static boolean isName(String name) {
            if (name.isEmpty()) return false;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c > 0x7F || !HttpChars.isTchar((byte) c)) return false;
            }
            return true;
        }

        /** A field value: visible characters, spaces and tabs, obs-text; never a control. */
        static boolean isValue(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c > 0xFF || !HttpChars.isFieldChar((byte) c)) return false;
            }
            return true;
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
