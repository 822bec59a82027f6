package dev.barista.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * A cookie to set, as one Set-Cookie field value (RFC 6265 4.1 and the SameSite and Partitioned attributes of
 * RFC 6265bis). Immutable once built.
 *
 * <p>Everything is validated as it is given, so {@link #toSetCookieValue()} is always one well-formed field value:
 * the name is a token, the value only cookie-octets, path and domain free of controls and {@code ;}. That is what
 * makes header injection through a cookie impossible. Combinations browsers silently drop are refused too:
 * SameSite=None or Partitioned without Secure, and a {@code __Secure-} or {@code __Host-} name without what its
 * prefix promises.
 */
public final class Cookie {
    /** The SameSite attribute. */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax"), NONE("None");

        private final String attributeValue;

        SameSite(String attributeValue) {
            this.attributeValue = attributeValue;
        }

        public String attributeValue() {
            return attributeValue;
        }
    }

    /** IMF-fixdate (RFC 9110 5.6.7), as {@link HttpDate} writes the Date field. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    /** Seconds, or -1 for none. */
    private final long maxAgeSeconds;
    private final Instant expires;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;
    private final boolean partitioned;

    private Cookie(Builder b) {
        this.name = b.name;
        this.value = b.value;
        this.path = b.path;
        this.domain = b.domain;
        this.maxAgeSeconds = b.maxAgeSeconds;
        this.expires = b.expires;
        this.secure = b.secure;
        this.httpOnly = b.httpOnly;
        this.sameSite = b.sameSite;
        this.partitioned = b.partitioned;
    }

    /**
     * Starts a cookie; name and value are checked here, the attributes as they are added.
     *
     * @throws IllegalArgumentException if the name is not a token or the value not cookie-octets (optionally
     *                                  wrapped, whole, in double quotes)
     */
    public static Builder of(String name, String value) {
        return new Builder(name, value);
    }

    /**
     * A cookie that makes the browser forget {@code name} set with Path=/: empty value, Max-Age=0. A
     * {@code __Secure-} or {@code __Host-} name also gets Secure, without which the browser would ignore it.
     */
    public static Cookie delete(String name) {
        Builder b = of(name, "").path("/").maxAge(Duration.ZERO);
        if (prefix(name) != null) b.secure();
        return b.build();
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The Path attribute, or null. */
    public String path() {
        return path;
    }

    /** The Domain attribute, or null. */
    public String domain() {
        return domain;
    }

    /** The Max-Age attribute, or null. */
    public Duration maxAge() {
        return maxAgeSeconds < 0 ? null : Duration.ofSeconds(maxAgeSeconds);
    }

    /** The Expires attribute (whole seconds), or null. */
    public Instant expires() {
        return expires;
    }

    public boolean isSecure() {
        return secure;
    }

    public boolean isHttpOnly() {
        return httpOnly;
    }

    /** The SameSite attribute, or null. */
    public SameSite sameSite() {
        return sameSite;
    }

    public boolean isPartitioned() {
        return partitioned;
    }

    /** The Set-Cookie field value: {@code name=value} and the attributes, each after {@code "; "}. */
    public String toSetCookieValue() {
        StringBuilder sb = new StringBuilder(64).append(name).append('=').append(value);
        if (path != null) sb.append("; Path=").append(path);
        if (domain != null) sb.append("; Domain=").append(domain);
        if (maxAgeSeconds >= 0) sb.append("; Max-Age=").append(maxAgeSeconds);
        if (expires != null) sb.append("; Expires=").append(IMF_FIXDATE.format(expires.atOffset(ZoneOffset.UTC)));
        if (secure) sb.append("; Secure");
        if (httpOnly) sb.append("; HttpOnly");
        if (sameSite != null) sb.append("; SameSite=").append(sameSite.attributeValue());
        if (partitioned) sb.append("; Partitioned");
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cookie c && name.equals(c.name) && value.equals(c.value) && Objects.equals(path, c.path)
                && Objects.equals(domain, c.domain) && maxAgeSeconds == c.maxAgeSeconds
                && Objects.equals(expires, c.expires) && secure == c.secure && httpOnly == c.httpOnly
                && sameSite == c.sameSite && partitioned == c.partitioned;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value, path, domain, maxAgeSeconds, expires, secure, httpOnly, sameSite,
                partitioned);
    }

    /** Everything but the value: cookie values are often secrets, and toString ends up in logs. */
    @Override
    public String toString() {
        String attributes = toSetCookieValue().substring(name.length() + 1 + value.length());
        return "Cookie[" + name + "=..." + attributes + "]";
    }

    /** "__Host-" or "__Secure-" if the name starts with one (case-insensitively, as browsers now check), else null. */
    private static String prefix(String name) {
        if (name.regionMatches(true, 0, "__Host-", 0, 7)) return "__Host-";
        if (name.regionMatches(true, 0, "__Secure-", 0, 9)) return "__Secure-";
        return null;
    }

    /** Builds a {@link Cookie}; each attribute is validated as it is set, the combinations in {@link #build()}. */
    public static final class Builder {
        /** RFC 6265 5.1.1: a browser ignores an Expires before 1601; four digits end at 9999. */
        private static final Instant EARLIEST_EXPIRES = Instant.parse("1601-01-01T00:00:00Z");
        private static final Instant LATEST_EXPIRES = Instant.parse("9999-12-31T23:59:59Z");

        private final String name;
        private final String value;
        private String path;
        private String domain;
        private long maxAgeSeconds = -1;
        private Instant expires;
        private boolean secure;
        private boolean httpOnly;
        private SameSite sameSite;
        private boolean partitioned;

        private Builder(String name, String value) {
            if (!FieldSyntax.isToken(name)) throw new IllegalArgumentException("cookie name must be a token");
            if (!isCookieValue(value)) throw new IllegalArgumentException("invalid character in cookie value");
            this.name = name;
            this.value = value;
        }

        /** The Path attribute: starts with '/', no controls, no ';'. */
        public Builder path(String path) {
            if (!isAttributeValue(path) || path.charAt(0) != '/') {
                throw new IllegalArgumentException("cookie path must start with '/' and hold no controls or ';'");
            }
            this.path = path;
            return this;
        }

        /** The Domain attribute: not empty, no controls, no ';'. */
        public Builder domain(String domain) {
            if (!isAttributeValue(domain)) {
                throw new IllegalArgumentException("cookie domain must be non-empty and hold no controls or ';'");
            }
            this.domain = domain;
            return this;
        }

        /** The Max-Age attribute in whole seconds (truncated); zero tells the browser to delete the cookie. */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("negative Max-Age; use Duration.ZERO to delete");
            }
            this.maxAgeSeconds = maxAge.getSeconds();
            return this;
        }

        /** The Expires attribute, sent as an IMF-fixdate in whole seconds; between the years 1601 and 9999. */
        public Builder expires(Instant expires) {
            if (expires.isBefore(EARLIEST_EXPIRES) || expires.isAfter(LATEST_EXPIRES)) {
                throw new IllegalArgumentException("Expires must lie between the years 1601 and 9999");
            }
            this.expires = expires.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        public Builder secure() {
            this.secure = true;
            return this;
        }

        public Builder httpOnly() {
            this.httpOnly = true;
            return this;
        }

        /** SameSite=None needs Secure (checked in {@link #build()}, so the order of calls does not matter). */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite);
            return this;
        }

        /** Partitioned (CHIPS) needs Secure (checked in {@link #build()}). */
        public Builder partitioned() {
            this.partitioned = true;
            return this;
        }

        /** @throws IllegalArgumentException for a combination a browser would drop */
        public Cookie build() {
            if (sameSite == SameSite.NONE && !secure) {
                throw new IllegalArgumentException("SameSite=None requires Secure");
            }
            if (partitioned && !secure) throw new IllegalArgumentException("Partitioned requires Secure");
            String prefix = prefix(name);
            if (prefix != null && !secure) throw new IllegalArgumentException(prefix + " cookies require Secure");
            if ("__Host-".equals(prefix) && (domain != null || !"/".equals(path))) {
                throw new IllegalArgumentException("__Host- cookies require Path=/ and no Domain");
            }
            return new Cookie(this);
        }

        /** cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ) (RFC 6265 4.1.1). */
        private static boolean isCookieValue(String value) {
            int from = 0;
            int to = value.length();
            if (to >= 2 && value.charAt(0) == '"' && value.charAt(to - 1) == '"') {
                from++;
                to--;
            }
            for (int i = from; i < to; i++) {
                char c = value.charAt(i);
                // %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: no space, DQUOTE, comma, semicolon or backslash.
                if (c < 0x21 || c > 0x7E || c == '"' || c == ',' || c == ';' || c == '\\') return false;
            }
            return true;
        }

        /** path-value and domain-value: any CHAR except CTLs or ';' (RFC 6265 4.1.1); empty is refused too. */
        private static boolean isAttributeValue(String s) {
            if (s.isEmpty()) return false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x7F || c == ';') return false;
            }
            return true;
        }
    }
}
