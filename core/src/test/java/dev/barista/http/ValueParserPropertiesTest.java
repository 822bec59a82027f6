package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of the value parsers and builders over generated input: they never throw on client input, what they
 * print parses back, a valid Cookie can only ever be one Set-Cookie value, FormData undoes URLEncoder, and no
 * forwarding header a client prepends can move the resolved client address. Kept apart from the JUnit classes
 * (surefire reports a class run by two engines with only the last engine's count).
 */
class ValueParserPropertiesTest {

    private static final String TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String COOKIE_OCTETS = "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~";
    private static final TrustedProxies PROXIES = TrustedProxies.of(List.of("10.0.0.0/8", "fd00::/8"));
    private static final InetSocketAddress TRUSTED_PEER = new InetSocketAddress(InetAddress.ofLiteral("10.0.0.1"), 9);

    // ---- MediaType -------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void mediaTypeParsingNeverThrowsAndPrintsBackToItself(@ForAll("fieldValues") String input) {
        MediaType parsed = MediaType.parse(input);
        if (parsed != null) assertThat(MediaType.parse(parsed.toString())).isEqualTo(parsed);
        if (parsed != null) assertThatCode(parsed::charset).doesNotThrowAnyException();
    }

    @Property(tries = 500)
    void generatedMediaTypesRoundTrip(
            @ForAll("tokens") String type, @ForAll("tokens") String subtype,
            @ForAll @Size(max = 4) Map<@From("tokens") String, @From("quotable") String> parameters) {
        MediaType m = new MediaType(type, subtype, parameters);
        assertThat(MediaType.parse(m.toString())).isEqualTo(m);
    }

    // ---- Cookie and Cookies ----------------------------------------------------------------------------------

    @Property(tries = 1000)
    void aValidCookieIsExactlyOneSetCookieValue(@ForAll("cookies") Cookie cookie) {
        String value = cookie.toSetCookieValue();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            assertThat(c >= 0x20 && c < 0x7F).as("char %d of %s", i, value).isTrue();
        }
        // Every ';' separates an attribute, and each attribute is one the builder was given.
        String[] parts = value.split("; ", -1);
        assertThat(value.chars().filter(c -> c == ';').count()).isEqualTo(parts.length - 1);
        assertThat(parts[0]).isEqualTo(cookie.name() + "=" + cookie.value());
        for (int i = 1; i < parts.length; i++) {
            assertThat(parts[i]).matches("(Path|Domain|Max-Age|Expires|SameSite)=.+|Secure|HttpOnly|Partitioned");
        }
        assertThat(Response.status(200).header("Set-Cookie", value).build().header("set-cookie")).isEqualTo(value);
    }

    @Property(tries = 1000)
    void arbitraryInputEitherBuildsASafeCookieOrIsRefused(@ForAll String name, @ForAll String value,
                                                          @ForAll String path, @ForAll String domain) {
        Cookie cookie;
        try {
            cookie = Cookie.of(name, value).path(path).domain(domain).build();
        } catch (IllegalArgumentException refused) {
            return;
        }
        String header = cookie.toSetCookieValue();
        assertThat(header).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
        assertThat(header.chars().filter(c -> c == ';').count()).isEqualTo(2);
    }

    @Property(tries = 500)
    void cookiesParseWhatBrowsersSend(@ForAll @Size(max = 12) List<@From("cookies") Cookie> cookies,
                                      @ForAll boolean oneLinePerCookie) {
        Map<String, String> expected = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>();
        for (Cookie c : cookies) {
            String v = c.value();
            boolean quoted = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"");
            expected.putIfAbsent(c.name(), quoted ? v.substring(1, v.length() - 1) : v);
            pairs.add(c.name() + "=" + v);
        }
        List<String> lines = oneLinePerCookie ? pairs : pairs.isEmpty() ? List.of() : List.of(String.join("; ", pairs));
        assertThat(Cookies.parse(lines)).containsExactlyEntriesOf(expected);
    }

    @Property(tries = 1000)
    void cookieParsingNeverThrowsAndKeepsOnlyTokenNames(
            @ForAll @Size(max = 3) List<@From("fieldValues") String> lines) {
        Map<String, String> cookies = Cookies.parse(lines);
        assertThat(cookies.size()).isLessThanOrEqualTo(Cookies.MAX_PAIRS);
        cookies.keySet().forEach(name -> assertThat(FieldSyntax.isToken(name)).isTrue());
    }

    // ---- FormData --------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void formDataUndoesUrlEncoder(@ForAll @Size(max = 8) List<@Size(max = 2) List<String>> pairs) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> encoded = new ArrayList<>();
        for (List<String> pair : pairs) {
            String name = pair.isEmpty() ? "" : pair.get(0);
            String value = pair.size() < 2 ? "" : pair.get(1);
            if (name.isEmpty() && pair.size() < 2) continue; // an empty pair is skipped, by design
            expected.computeIfAbsent(utf8RoundTrip(name), k -> new ArrayList<>()).add(utf8RoundTrip(value));
            encoded.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        String body = String.join("&", encoded);
        assertThat(FormData.parse(body.getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8, 100))
                .containsExactlyEntriesOf(expected);
        assertThat(FormData.parse(body, 100)).containsExactlyEntriesOf(expected);
    }

    @Property(tries = 1000)
    void formDataNeverThrowsButTheFieldLimit(@ForAll byte[] body, @ForAll @IntRange(max = 8) int maxFields) {
        try {
            Map<String, List<String>> fields = FormData.parse(body, StandardCharsets.UTF_8, maxFields);
            assertThat(fields.values().stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(maxFields);
        } catch (HttpException e) {
            assertThat(e.status()).isEqualTo(413);
        }
    }

    private static String utf8RoundTrip(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    // ---- Forwarding ------------------------------------------------------------------------------------------

    @Property(tries = 1000)
    void forwardingNeverThrowsAndAnUntrustedPeerIsTheClient(
            @ForAll @Size(max = 8) List<@From("forwardingFields") String> namesAndValues, @ForAll boolean https) {
        if (namesAndValues.size() % 2 == 1) namesAndValues = namesAndValues.subList(0, namesAndValues.size() - 1);
        Headers headers = HeadersTest.of(namesAndValues.toArray(String[]::new));
        String scheme = https ? "https" : "http";
        InetSocketAddress untrusted = new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 7);
        assertThat(PROXIES.resolve(untrusted, headers, scheme)).isEqualTo(new ClientOrigin(untrusted, scheme, null));

        ClientOrigin origin = PROXIES.resolve(TRUSTED_PEER, headers, scheme);
        assertThat(origin.scheme()).isIn("http", "https");
        assertThat(origin.address().isUnresolved()).isFalse();
        if (origin.host() != null) assertThat(origin.host()).doesNotContain(" ", "\t", ",", "/");
    }

    @Property(tries = 1000)
    void whateverAClientPrependsTheRecordedClientStands(
            @ForAll @Size(max = 5) List<@From("anyNode") String> prepended,
            @ForAll("untrustedNodes") String client,
            @ForAll @Size(max = 4) List<@From("trustedNodes") String> proxies) {
        List<String> chain = new ArrayList<>(prepended);
        chain.add(client);
        chain.addAll(proxies);
        InetSocketAddress expected = ForwardedNode.parse(client, true);

        Headers xff = HeadersTest.of("X-Forwarded-For", String.join(", ", chain));
        assertThat(PROXIES.resolve(TRUSTED_PEER, xff, "http").address()).isEqualTo(expected);

        List<String> elements = new ArrayList<>();
        for (String node : chain) elements.add("for=" + quoted(node));
        Headers forwarded = HeadersTest.of("Forwarded", String.join(", ", elements));
        assertThat(PROXIES.resolve(TRUSTED_PEER, forwarded, "http").address()).isEqualTo(expected);
    }

    @Property(tries = 500)
    void forwardedParsingNeverThrows(@ForAll @Size(max = 3) List<@From("forwardingValues") String> lines) {
        List<ForwardedElement> elements = Forwarded.parse(lines);
        assertThat(elements).doesNotContainNull();
    }

    private static String quoted(String value) {
        StringBuilder sb = new StringBuilder();
        FieldSyntax.appendTokenOrQuoted(sb, value);
        return sb.toString();
    }

    // ---- generators ------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.strings().withChars(TCHAR).ofMinLength(1).ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> quotable() {
        return Arbitraries.strings().withChars("\t !\"#\\/;,=az\u00e9\u00ff").ofMaxLength(10);
    }

    /** Field values as a client can send them: mostly syntax characters, some controls and non-Latin-1. */
    @Provide
    Arbitrary<String> fieldValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("aZ09/;=\"\\ \t,-+*.%_").ofMaxLength(40),
                Arbitraries.strings().ofMaxLength(30));
    }

    @Provide
    Arbitrary<Cookie> cookies() {
        Arbitrary<String> values = Arbitraries.strings().withChars(COOKIE_OCTETS).ofMaxLength(12);
        Arbitrary<String> quotedOrNot = Combinators.combine(values, Arbitraries.of(true, false))
                .as((v, q) -> q ? "\"" + v + "\"" : v);
        Arbitrary<Optional<String>> paths = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(10)
                .map(p -> "/" + p.replace(";", "")).optional();
        Arbitrary<Optional<String>> domains = Arbitraries.strings().withChars("abc.-: xyz,\"=").ofMinLength(1)
                .ofMaxLength(10).optional();
        Arbitrary<Optional<Duration>> maxAges = Arbitraries.longs().between(0, 10_000_000_000L)
                .map(Duration::ofSeconds).optional();
        Arbitrary<Optional<Instant>> expires = Arbitraries.longs().between(-11_644_473_600L, 253_402_300_799L)
                .map(Instant::ofEpochSecond).optional();
        Arbitrary<Optional<Cookie.SameSite>> sameSites = Arbitraries.of(Cookie.SameSite.class).optional();
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 7);
        Arbitrary<String> names = tokens().filter(n -> !n.regionMatches(true, 0, "__", 0, 2));
        return Combinators.combine(names, quotedOrNot, paths, domains, maxAges, expires, sameSites, flags)
                .as((name, value, path, domain, maxAge, expiry, sameSite, f) -> {
                    Cookie.Builder b = Cookie.of(name, value);
                    path.ifPresent(b::path);
                    domain.ifPresent(b::domain);
                    maxAge.ifPresent(b::maxAge);
                    expiry.ifPresent(b::expires);
                    boolean secure = (f & 1) != 0 || sameSite.orElse(null) == Cookie.SameSite.NONE || (f & 4) != 0;
                    if (secure) b.secure();
                    if ((f & 2) != 0) b.httpOnly();
                    if ((f & 4) != 0) b.partitioned();
                    sameSite.ifPresent(b::sameSite);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<String> trustedNodes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(i -> "10.0.3." + i),
                Arbitraries.integers().between(1, 0xffff).map(i -> "[fd00::" + Integer.toHexString(i) + "]"),
                Arbitraries.integers().between(1, 65535).map(p -> "10.9.9.9:" + p));
    }

    @Provide
    Arbitrary<String> untrustedNodes() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255).map(i -> "198.51.100." + i),
                Arbitraries.integers().between(1, 65535).map(p -> "203.0.113.5:" + p),
                Arbitraries.integers().between(1, 0xffff).map(i -> "[2001:db8::" + Integer.toHexString(i) + "]:80"));
    }

    /** Anything a client may write: trusted or untrusted addresses, unknown, obfuscated names, junk. */
    @Provide
    Arbitrary<String> anyNode() {
        return Arbitraries.oneOf(trustedNodes(), untrustedNodes(),
                Arbitraries.of("unknown", "_hidden", "", "127.1", "010.0.0.1", "localhost", "[::1", "::1]",
                        "1.2.3.4:x"),
                Arbitraries.strings().withChars("0123456789abcdef.:[]_ ").ofMaxLength(16));
    }

    @Provide
    Arbitrary<String> forwardingFields() {
        return Arbitraries.oneOf(
                Arbitraries.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"),
                forwardingValues());
    }

    @Provide
    Arbitrary<String> forwardingValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("for=;,\"\\ proto=https host=10.0.1.2[::]:_unknown").ofMaxLength(40),
                anyNode(),
                Arbitraries.strings().ofMaxLength(20));
    }
}
