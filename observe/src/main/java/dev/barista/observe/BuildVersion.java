package dev.barista.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Barista's version, as the build wrote it into {@code build.properties} (Maven resource filtering), so it is
 * right in every packaging: this module's jar, a shaded jar (which drops manifests), the IDE's classes.
 */
final class BuildVersion {
    private static final String VERSION = read();

    private BuildVersion() {
    }

    static String version() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("build.properties")) {
            if (in == null) return "unknown"; // classes compiled without the build's resources
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version; // the resource copied unfiltered
        } catch (IOException e) {
            throw new UncheckedIOException("build.properties, inside this module, could not be read", e);
        }
    }
}
