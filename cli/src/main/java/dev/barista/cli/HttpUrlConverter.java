package dev.barista.cli;

import picocli.CommandLine;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An {@code http://host[:port]/path?query} URL, checked when it is parsed: Barista's client (behind the load
 * generator and the shop gateway) speaks plain HTTP/1.1 only, so {@code https://} is refused here, in words,
 * rather than deep inside a run.
 */
final class HttpUrlConverter implements CommandLine.ITypeConverter<URI> {
    static final String EXAMPLE = "http://127.0.0.1:8080/plaintext";

    @Override
    public URI convert(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a URL (" + e.getReason()
                    + " at index " + e.getIndex() + "); write it like " + EXAMPLE);
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            throw new CommandLine.TypeConversionException("'" + value + "': https is not supported (the client "
                    + "speaks plain HTTP/1.1); use http://, e.g. behind a TLS-terminating proxy");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not an http:// URL with a host; "
                    + "write it like " + EXAMPLE);
        }
        if (uri.getPort() > 65535) {
            throw new CommandLine.TypeConversionException("'" + value + "': port " + uri.getPort()
                    + " is beyond 65535");
        }
        return uri;
    }
}
