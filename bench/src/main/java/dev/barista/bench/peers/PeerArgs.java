package dev.barista.bench.peers;

/**
 * The lab peers' command line: {@code --port P} (default 8081) and {@code --sleep-workers N} (threads for the
 * blocking route where the framework has a pool to size; default 16 per core, like Barista's kitchen).
 */
record PeerArgs(int port, int sleepWorkers) {
    static final byte[] HELLO = "Hello, World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static PeerArgs parse(String[] args) {
        int port = 8081;
        int workers = Math.max(16, 8 * Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--sleep-workers" -> workers = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]
                        + " (usage: --port P [--sleep-workers N])");
            }
        }
        return new PeerArgs(port, workers);
    }

    /** {@code ms} of {@code /sleep?ms=}: 10 when absent, at most 10 s. */
    static long millis(String value) {
        if (value == null || value.isEmpty()) return 10;
        return Math.max(0, Math.min(10_000, Long.parseLong(value)));
    }

    static String sleptJson(long ms) {
        return "{\"slept_ms\":" + ms + ",\"thread\":\"" + Thread.currentThread().getName().replace("\"", "") + "\"}";
    }
}
