package dev.barista.cli;

import java.net.BindException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;

/**
 * A server that could not have its address, said in one line that names the problem and what to do, as an
 * operator reads it at a glance: no stack trace, since nothing in the program is wrong. The reason is told
 * from the system's message (strerror's text, the same through the JDK's sockets and our own). The line is
 * printed by {@link FailureHandler}, after {@code barista: }.
 */
final class BindFailure {
    private BindFailure() {
    }

    /**
     * The line for {@code failure} (or any of its causes) if it is a failure to listen on {@code host:port},
     * whose port was chosen with {@code portOption}; empty if it is something else.
     */
    static Optional<String> line(String host, int port, String portOption, Throwable failure) {
        String address = host + ":" + port;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return Optional.of(line(address, "unknown host (choose a --host this machine has, e.g. 127.0.0.1)"));
            }
            if (t instanceof BindException) return Optional.of(line(address, reason(messages(failure), portOption)));
        }
        return Optional.empty();
    }

    private static String line(String address, String problem) {
        return "cannot listen on " + address + ": " + problem;
    }

    private static String reason(String messages, String portOption) {
        if (messages.contains("Address already in use")) {
            return "address already in use (is another server running? choose another " + portOption + ")";
        }
        if (messages.contains("Permission denied") || messages.contains("Operation not permitted")) {
            return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; choose a "
                    + portOption + " of 1024 or more)";
        }
        if (messages.contains("Cannot assign requested address")) {
            return "no such address on this machine (choose a --host it has, e.g. 127.0.0.1 or 0.0.0.0)";
        }
        String innermost = messages.substring(messages.lastIndexOf('\n') + 1);
        return innermost.isEmpty() ? "cannot bind" : innermost.toLowerCase(Locale.ROOT);
    }

    /** Every message of the chain, one a line, the innermost last. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) all.append(all.isEmpty() ? "" : "\n").append(t.getMessage());
        }
        return all.toString();
    }
}
