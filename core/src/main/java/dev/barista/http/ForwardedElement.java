package dev.barista.http;

/**
 * One element of a Forwarded field (RFC 7239 4): what one proxy says about the request it received. Each
 * parameter is null when absent, otherwise its value as sent (quotes and escapes undone, nothing interpreted):
 * a node such as {@code 192.0.2.60}, {@code [2001:db8::1]:4711}, {@code unknown} or {@code _hidden} for
 * {@code for} and {@code by}, an authority for {@code host}, a scheme for {@code proto}.
 *
 * @param forNode the {@code for} parameter: the node the proxy received the request from ({@code for} is a Java
 *                keyword)
 * @param byNode  the {@code by} parameter: the proxy's own interface that received it
 * @param host    the {@code host} parameter: the Host the proxy received
 * @param proto   the {@code proto} parameter: the scheme the proxy received it over
 */
public record ForwardedElement(String forNode, String byNode, String host, String proto) {
}
