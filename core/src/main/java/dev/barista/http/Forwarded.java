package dev.barista.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the Forwarded field (RFC 7239 4): comma-separated elements, each {@code ;}-separated {@code name=value}
 * pairs, values a token or a quoted-string, names case-insensitive, unknown names ignored.
 *
 * <p>All or nothing: one syntax error anywhere, or a parameter repeated within an element, and the answer is an
 * empty list. The right-hand elements may well be fine, but a header that does not parse is not one anybody can
 * say who wrote; trusting half of it would let the broken half choose which half that is.
 */
public final class Forwarded {
    private Forwarded() {
    }

    /** The elements of these Forwarded field lines, left (nearest the client) to right; empty if malformed. */
    public static List<ForwardedElement> parse(List<String> headerValues) {
        List<ForwardedElement> elements = new ArrayList<>();
        for (String line : headerValues) {
            if (!parseLine(line, elements)) return List.of();
        }
        return List.copyOf(elements);
    }

    private static boolean parseLine(String s, List<ForwardedElement> into) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            i = FieldSyntax.skipWhitespace(s, i);
            if (i == n) break;
            if (s.charAt(i) == ',') { // an empty list element, which RFC 9110 5.6.1 says to ignore
                i++;
                continue;
            }
            String forNode = null;
            String byNode = null;
            String host = null;
            String proto = null;
            List<String> extensions = null;
            boolean any = false;
            while (true) {
                // One pair, or nothing (forwarded-element allows empty pairs between ';').
                if (i < n && s.charAt(i) != ';' && s.charAt(i) != ',') {
                    int nameStart = i;
                    i = FieldSyntax.skipToken(s, i);
                    if (i == nameStart || i == n || s.charAt(i) != '=') return false;
                    String name = s.substring(nameStart, i).toLowerCase(Locale.ROOT);
                    i++;
                    String value;
                    if (i < n && s.charAt(i) == '"') {
                        StringBuilder unquoted = new StringBuilder();
                        i = FieldSyntax.unquote(s, i, unquoted);
                        if (i < 0) return false;
                        value = unquoted.toString();
                    } else {
                        int valueStart = i;
                        i = FieldSyntax.skipToken(s, i);
                        if (i == valueStart) return false;
                        value = s.substring(valueStart, i);
                    }
                    switch (name) {
                        case "for" -> {
                            if (forNode != null) return false;
                            forNode = value;
                        }
                        case "by" -> {
                            if (byNode != null) return false;
                            byNode = value;
                        }
                        case "host" -> {
                            if (host != null) return false;
                            host = value;
                        }
                        case "proto" -> {
                            if (proto != null) return false;
                            proto = value;
                        }
                        default -> {
                            // An extension parameter (RFC 7239 5.5): not ours to read, but not twice either.
                            if (extensions == null) extensions = new ArrayList<>(2);
                            if (extensions.contains(name)) return false;
                            extensions.add(name);
                        }
                    }
                    any = true;
                }
                // Real proxies write "for=a; proto=https": whitespace around ';' is tolerated.
                i = FieldSyntax.skipWhitespace(s, i);
                if (i == n || s.charAt(i) == ',') break;
                if (s.charAt(i) != ';') return false;
                i = FieldSyntax.skipWhitespace(s, i + 1);
            }
            if (any) into.add(new ForwardedElement(forNode, byNode, host, proto));
            if (i < n) i++; // past the ','
        }
        return true;
    }
}
