package dev.barista.handler;

import dev.barista.http.TrustedProxies;

/**
 * What a server lends its requests: the JSON mapper behind {@link Request#bodyAs}, the proxies whose
 * forwarding headers are believed, and the bound on form fields.
 *
 * @param json           null when none is configured or found (then {@link Request#bodyAs} answers 500)
 * @param trustedProxies peers whose {@code Forwarded} / {@code X-Forwarded-*} headers set the client's
 *                       address, scheme and host; {@link TrustedProxies#none()} believes nobody
 * @param maxFormFields  name-value pairs {@link Request#form()} accepts before answering 413
 */
public record RequestSettings(JsonMapper json, TrustedProxies trustedProxies, int maxFormFields) {
    public static final RequestSettings DEFAULTS = new RequestSettings(null, TrustedProxies.none(), 1000);

    public RequestSettings {
        if (trustedProxies == null) trustedProxies = TrustedProxies.none();
        if (maxFormFields < 1) throw new IllegalArgumentException("maxFormFields must be >= 1");
    }
}
