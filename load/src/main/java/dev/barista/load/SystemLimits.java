package dev.barista.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the system limit behind a failed connect, so the report says "the open-files limit" rather than
 * "IOException". The JDK reports errno only as its strerror text, so that text is what is matched.
 */
final class SystemLimits {
    private SystemLimits() {
    }

    static String describe(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Too many open files")) {
            return "EMFILE: too many open files (the per-process open-files limit: raise 'ulimit -n')";
        }
        if (m.contains("Cannot assign requested address")) {
            return "EADDRNOTAVAIL: no free local port (ephemeral ports " + portRange()
                    + " per source address; use fewer connections per address)";
        }
        if (m.contains("Connection refused")) {
            return "ECONNREFUSED: connection refused (nothing listening, or the server's accept backlog is full)";
        }
        if (m.contains("Connection reset")) return "ECONNRESET: connection reset by the server";
        if (m.contains("Address already in use")) return "EADDRINUSE: local address already in use";
        if (m.contains("Connection timed out")) return "ETIMEDOUT: connection timed out";
        return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    /** {@code net.ipv4.ip_local_port_range}, e.g. "32768-60999", or "?" when it cannot be read. */
    static String portRange() {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().replaceAll("\\s+", "-");
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The soft open-files limit of this process, or -1 when unknown (from /proc/self/limits). */
    static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return -1;
    }
}
