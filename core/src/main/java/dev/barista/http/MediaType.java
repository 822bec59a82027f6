package dev.barista.http;

import static dev.barista.http.FieldSyntax.isQuotable;
import static dev.barista.http.FieldSyntax.isToken;
import static dev.barista.http.FieldSyntax.skipToken;
import static dev.barista.http.FieldSyntax.skipWhitespace;
import static dev.barista.http.FieldSyntax.unquote;

import java.nio.charset.Charset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A media type such as {@code text/html; charset=utf-8} (RFC 9110 8.3.1): type and subtype in lower case, and
 * the parameters by lower-case name, their values unquoted.
 *
 * <p>{@link #parse} is lenient, because a Content-Type is client input: it never throws, answers null when the
 * type or subtype is not a token, and skips a parameter that does not follow the grammar (as WHATWG's MIME type
 * parser does), keeping the first of a repeated name. The canonical constructor is strict, so every MediaType
 * prints back ({@link #toString}) as a valid header value.
 */
public record MediaType(String type, String subtype, Map<String, String> parameters) {

    public MediaType {
        if (!isToken(type) || !isToken(subtype)) throw new IllegalArgumentException("type and subtype must be tokens");
        type = type.toLowerCase(Locale.ROOT);
        subtype = subtype.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (!isToken(name)) throw new IllegalArgumentException("parameter name must be a token");
            if (!isQuotable(value)) throw new IllegalArgumentException("invalid character in parameter value");
            copy.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        });
        parameters = Collections.unmodifiableMap(copy);
    }

    /** A media type with no parameters. */
    public static MediaType of(String type, String subtype) {
        return new MediaType(type, subtype, Map.of());
    }

    /** The media type in a Content-Type (or similar) field value, or null if it has none that parses. */
    public static MediaType parse(String contentType) {
        if (contentType == null) return null;
        int n = contentType.length();
        int i = skipWhitespace(contentType, 0);
        int typeStart = i;
        i = skipToken(contentType, i);
        if (i == typeStart || i == n || contentType.charAt(i) != '/') return null;
        String type = contentType.substring(typeStart, i);
        int subtypeStart = ++i;
        i = skipToken(contentType, i);
        if (i == subtypeStart) return null;
        String subtype = contentType.substring(subtypeStart, i);
        i = skipWhitespace(contentType, i);
        if (i < n && contentType.charAt(i) != ';') return null;

        Map<String, String> parameters = new LinkedHashMap<>();
        while (i < n) {
            i = skipWhitespace(contentType, i + 1); // past the ';'
            int nameStart = i;
            i = skipToken(contentType, i);
            String name = contentType.substring(nameStart, i);
            String value = null;
            if (i > nameStart && i < n && contentType.charAt(i) == '=') {
                i++;
                if (i < n && contentType.charAt(i) == '"') {
                    StringBuilder unquoted = new StringBuilder();
                    i = unquote(contentType, i, unquoted);
                    if (i >= 0) value = unquoted.toString();
                    else i = n; // unterminated: nothing after it can be trusted to be a parameter
                } else {
                    int valueStart = i;
                    i = skipToken(contentType, i);
                    if (i > valueStart) value = contentType.substring(valueStart, i);
                }
                i = skipWhitespace(contentType, i);
                if (i < n && contentType.charAt(i) != ';') value = null; // trailing junk spoils the parameter
            }
            if (value != null) parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            while (i < n && contentType.charAt(i) != ';') i++;
        }
        return new MediaType(type, subtype, parameters);
    }

    /** A parameter's value (the name is case-insensitive), or null. */
    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** The charset parameter, if it names a charset this JVM supports. */
    public Optional<Charset> charset() {
        String name = parameters.get("charset");
        if (name == null) return Optional.empty();
        try {
            return Optional.of(Charset.forName(name));
        } catch (IllegalArgumentException e) {
            // IllegalCharsetNameException and UnsupportedCharsetException are both IllegalArgumentExceptions.
            return Optional.empty();
        }
    }

    /**
     * Whether this is {@code type/subtype}, compared case-insensitively; {@code "*"} in either argument matches
     * anything ({@code is("text", "*")}). A {@code *} in this media type itself is only matched by a {@code *}.
     */
    public boolean is(String type, String subtype) {
        return (type.equals("*") || this.type.equalsIgnoreCase(type))
                && (subtype.equals("*") || this.subtype.equalsIgnoreCase(subtype));
    }

    /** The field value: {@code type/subtype} and each parameter, quoted when its value is not a token. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type).append('/').append(subtype);
        parameters.forEach((name, value) -> {
            sb.append("; ").append(name).append('=');
            FieldSyntax.appendTokenOrQuoted(sb, value);
        });
        return sb.toString();
    }
}
