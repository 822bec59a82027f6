package dev.barista.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.barista.http.Cookie.SameSite;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Cookie}: Set-Cookie values (RFC 6265 4.1), validated as they are built so that no cookie can inject a
 * header or an attribute, and combinations browsers would drop are refused.
 */
class CookieTest {

    @Test
    void aBareCookie() {
        Cookie c = Cookie.of("id", "abc123").build();
        assertThat(c.toSetCookieValue()).isEqualTo("id=abc123");
        assertThat(c.name()).isEqualTo("id");
        assertThat(c.value()).isEqualTo("abc123");
        assertThat(c.path()).isNull();
        assertThat(c.domain()).isNull();
        assertThat(c.maxAge()).isNull();
        assertThat(c.expires()).isNull();
        assertThat(c.isSecure()).isFalse();
        assertThat(c.isHttpOnly()).isFalse();
        assertThat(c.sameSite()).isNull();
        assertThat(c.isPartitioned()).isFalse();
    }

    @Test
    void everyAttributeInAFixedOrder() {
        Cookie c = Cookie.of("session", "\"v1\"")
                .partitioned()
                .sameSite(SameSite.NONE)
                .httpOnly()
                .secure()
                .expires(Instant.parse("2015-10-21T07:28:00.750Z"))
                .maxAge(Duration.ofMinutes(90).plusMillis(999))
                .domain("example.com")
                .path("/app")
                .build();
        assertThat(c.toSetCookieValue()).isEqualTo("session=\"v1\"; Path=/app; Domain=example.com; Max-Age=5400; "
                + "Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure; HttpOnly; SameSite=None; Partitioned");
        assertThat(c.maxAge()).isEqualTo(Duration.ofSeconds(5400));
        assertThat(c.expires()).isEqualTo(Instant.parse("2015-10-21T07:28:00Z"));
    }

    @Test
    void sameSiteValues() {
        assertThat(Cookie.of("a", "b").sameSite(SameSite.STRICT).build().toSetCookieValue())
                .isEqualTo("a=b; SameSite=Strict");
        assertThat(Cookie.of("a", "b").sameSite(SameSite.LAX).build().toSetCookieValue())
                .isEqualTo("a=b; SameSite=Lax");
    }

    @Test
    void expiresIsAnImfFixdateWithTwoDigitDays() {
        assertThat(Cookie.of("a", "b").expires(Instant.parse("2026-03-05T09:04:03Z")).build().toSetCookieValue())
                .isEqualTo("a=b; Expires=Thu, 05 Mar 2026 09:04:03 GMT");
        assertThat(Cookie.of("a", "b").expires(Instant.EPOCH).build().toSetCookieValue())
                .isEqualTo("a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }

    @Test
    void expiresOutsideFourDigitYearsAfter1601IsRefused() {
        assertThatThrownBy(() -> Cookie.of("a", "b").expires(Instant.parse("1600-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "b").expires(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "b").expires(Instant.MAX)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cookie.of("a", "b").expires(Instant.parse("9999-12-31T23:59:59Z")).build().toSetCookieValue())
                .endsWith("Expires=Fri, 31 Dec 9999 23:59:59 GMT");
    }

    @Test
    void maxAgeZeroDeletesAndNegativeIsRefused() {
        assertThat(Cookie.of("a", "b").maxAge(Duration.ZERO).build().toSetCookieValue()).isEqualTo("a=b; Max-Age=0");
        assertThatThrownBy(() -> Cookie.of("a", "b").maxAge(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("a", "b").maxAge(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteClearsTheValueAtTheRootPath() {
        assertThat(Cookie.delete("session").toSetCookieValue()).isEqualTo("session=; Path=/; Max-Age=0");
        // prefixed names are ignored by browsers without Secure, deletions included
        assertThat(Cookie.delete("__Host-id").toSetCookieValue()).isEqualTo("__Host-id=; Path=/; Max-Age=0; Secure");
        assertThat(Cookie.delete("__Secure-id").toSetCookieValue())
                .isEqualTo("__Secure-id=; Path=/; Max-Age=0; Secure");
        assertThatThrownBy(() -> Cookie.delete("bad name")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "name \"{0}\"")
    @ValueSource(strings = {"", "a b", "a;b", "a=b", "a,b", "a\r\nSet-Cookie: x", "a\u0000", "(a)", "a\"", "\u00e9",
            "a\tb", "a/b", "a:b", "a@b", "[a]", "{a}", "a?"})
    void refusesNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> Cookie.of(name, "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "value \"{0}\"")
    @ValueSource(strings = {"a b", "a;b", "a,b", "a\\b", "a\"b", "\"", "\"a", "a\"", "\"a\"b\"", "a\r\nSet-Cookie: x=1",
            "a\rb", "a\nb", "a\u0000", "a\u007f", "a\tb", "caf\u00e9", "\u20ac", "\"a b\"", "\"a;b\""})
    void refusesValuesThatAreNotCookieOctets(String value) {
        assertThatThrownBy(() -> Cookie.of("a", value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "value \"{0}\"")
    @ValueSource(strings = {"", "\"\"", "\"abc\"", "!#$%&'()*+-./0123456789:<=>?@AZ[]^_`az{|}~", "base64+/=="})
    void acceptsCookieOctetsOptionallyQuoted(String value) {
        assertThat(Cookie.of("a", value).build().toSetCookieValue()).isEqualTo("a=" + value);
    }

    @ParameterizedTest(name = "path \"{0}\"")
    @ValueSource(strings = {"", "app", "/a;b", "/a; Domain=evil.com", "/a\r\nX: y", "/a\u0000", "/a\u007f",
            "/caf\u00e9", "/a\tb"})
    void refusesBadPaths(String path) {
        assertThatThrownBy(() -> Cookie.of("a", "b").path(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "domain \"{0}\"")
    @ValueSource(strings = {"", "a;b", "example.com; Secure", "a\r\nb", "a\nb", "a\u0000", "\u00e9.com"})
    void refusesBadDomains(String domain) {
        assertThatThrownBy(() -> Cookie.of("a", "b").domain(domain)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameSiteNoneAndPartitionedRequireSecureWhateverTheOrder() {
        assertThatThrownBy(() -> Cookie.of("a", "b").sameSite(SameSite.NONE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Secure");
        assertThatThrownBy(() -> Cookie.of("a", "b").partitioned().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Secure");
        assertThat(Cookie.of("a", "b").sameSite(SameSite.NONE).secure().build().toSetCookieValue())
                .isEqualTo("a=b; Secure; SameSite=None");
        assertThat(Cookie.of("a", "b").secure().partitioned().build().toSetCookieValue())
                .isEqualTo("a=b; Secure; Partitioned");
    }

    @Test
    void prefixedNamesKeepTheirPromises() {
        assertThatThrownBy(() -> Cookie.of("__Secure-id", "1").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("__secure-id", "1").build()).isInstanceOf(IllegalArgumentException.class);
        assertThat(Cookie.of("__Secure-id", "1").secure().domain("example.com").build().isSecure()).isTrue();

        assertThatThrownBy(() -> Cookie.of("__Host-id", "1").secure().build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("__Host-id", "1").secure().path("/app").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cookie.of("__HOST-id", "1").secure().path("/").domain("example.com").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Cookie.of("__Host-id", "1").secure().path("/").build().toSetCookieValue())
                .isEqualTo("__Host-id=1; Path=/; Secure");
    }

    @Test
    void valuesAreEqualByEveryAttributeAndToStringHidesTheValue() {
        Cookie a = Cookie.of("id", "secret").path("/").httpOnly().build();
        Cookie b = Cookie.of("id", "secret").httpOnly().path("/").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Cookie.of("id", "secret").path("/").build());
        assertThat(a.toString()).doesNotContain("secret").contains("id").contains("HttpOnly");
    }

    @Test
    void aBuilderCanBeReusedWithoutChangingWhatItBuilt() {
        Cookie.Builder builder = Cookie.of("a", "b");
        Cookie first = builder.build();
        builder.secure();
        assertThat(first.isSecure()).isFalse();
        assertThat(builder.build().isSecure()).isTrue();
    }
}
