package dev.barista.protocol.http2;

/**
 * Counts what a client can make us do for free, in fixed windows, and says when it is too much: streams it
 * resets (rapid reset, CVE-2023-44487: each reset stream cost us a dispatch) and frames that carry no request
 * but need work or an answer (PING, SETTINGS, PRIORITY, empty DATA or CONTINUATION: the 2019 floods). Past a
 * limit the session ends the connection with ENHANCE_YOUR_CALM. Session thread only.
 */
final class FloodGuard {
    private static final long RESET_WINDOW_NANOS = 30_000_000_000L;
    private static final long CONTROL_WINDOW_NANOS = 10_000_000_000L;

    private final int maxResets;
    private final int maxControlFrames;
    private long resetWindowStart;
    private int resets;
    private long controlWindowStart;
    private int controlFrames;

    FloodGuard(int maxResets, int maxControlFrames, long nowNanos) {
        this.maxResets = maxResets;
        this.maxControlFrames = maxControlFrames;
        this.resetWindowStart = nowNanos;
        this.controlWindowStart = nowNanos;
    }

    /** A RST_STREAM from the client; false once there were too many. */
    boolean reset(long nowNanos) {
        if (nowNanos - resetWindowStart >= RESET_WINDOW_NANOS) {
            resetWindowStart = nowNanos;
            resets = 0;
        }
        return ++resets <= maxResets;
    }

    /** A frame that costs work but carries no request; false once there were too many. */
    boolean controlFrame(long nowNanos) {
        if (nowNanos - controlWindowStart >= CONTROL_WINDOW_NANOS) {
            controlWindowStart = nowNanos;
            controlFrames = 0;
        }
        return ++controlFrames <= maxControlFrames;
    }
}
