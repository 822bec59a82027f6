package dev.barista.server;

import java.time.Duration;

/** A model's server once started: where it listens, what it counts, and how it stops. */
public interface RunningServer {
    int port();

    ServerStats stats();

    /** Graceful stop: see {@link dev.barista.Server#stop(Duration)}. */
    void stop(Duration grace) throws InterruptedException;
}
