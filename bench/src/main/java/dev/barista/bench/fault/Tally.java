package dev.barista.bench.fault;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcomes counted by name ("200", "503", "reset", ...), each with bytes moved (sent or received) and the
 * time taken up to it, summed. Any thread.
 */
final class Tally {
    private record Sums(LongAdder count, LongAdder bytes, LongAdder millis) {
        Sums() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    private final Map<String, Sums> outcomes = new ConcurrentHashMap<>();
    private final String bytesName;

    /** {@code bytesName}: what the bytes summed are, e.g. "body_bytes_sent"; reported as their mean. */
    Tally(String bytesName) {
        this.bytesName = "mean_" + bytesName;
    }

    void add(String outcome, long bytes, long millis) {
        Sums sums = outcomes.computeIfAbsent(outcome, k -> new Sums());
        sums.count.increment();
        sums.bytes.add(bytes);
        sums.millis.add(millis);
    }

    long count(String outcome) {
        Sums sums = outcomes.get(outcome);
        return sums == null ? 0 : sums.count.sum();
    }

    long total() {
        return outcomes.values().stream().mapToLong(s -> s.count.sum()).sum();
    }

    /** outcome → {count, mean bytes, mean_ms}, in name order. */
    Map<String, Map<String, Long>> toMap() {
        Map<String, Map<String, Long>> map = new TreeMap<>();
        outcomes.forEach((name, sums) -> {
            long n = sums.count.sum();
            map.put(name, Map.of("count", n, bytesName, n == 0 ? 0 : sums.bytes.sum() / n,
                    "mean_ms", n == 0 ? 0 : sums.millis.sum() / n));
        });
        return map;
    }

    /** A name for how an exchange failed at the socket level. */
    static String classify(IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (e instanceof SocketTimeoutException) return "timeout";
        if (e instanceof ConnectException) return "connect_failed";
        if (e instanceof EOFException) return "eof";
        if (e instanceof SocketException && message.contains("reset")) return "reset";
        if (e instanceof SocketException && message.contains("broken pipe")) return "broken_pipe";
        if (e instanceof SocketException && message.contains("closed")) return "closed";
        return e.getClass().getSimpleName();
    }
}
