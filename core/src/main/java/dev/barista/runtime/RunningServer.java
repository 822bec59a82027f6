package dev.barista.runtime;

import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A model's server once started: where it listens, what it counts and costs, and how it stops. */
public interface RunningServer {
    /** The cleartext listener's port. */
    int port();

    /** The TLS listener's port, or -1 when the server has none. */
    default int securePort() {
        return -1;
    }

    ServerStats stats();

    /**
     * Reads the TLS certificates again and serves new handshakes with them; connections already open keep
     * theirs. A failure keeps the old certificates and throws. Nothing to do without TLS.
     */
    default void reloadTls() {
    }

    /**
     * What the server costs now, as this process sees it: cheap, and never blocks, so an event loop may ask.
     * In a single-process model, a prefork master or a process-per-connection parent that is the whole
     * server; in a prefork worker or a connection child, that child's own share.
     */
    ServerSnapshot snapshot();

    /**
     * The whole server's snapshot. The same as {@link #snapshot()} except in a child process, which has to
     * ask its parent: the stage then completes when the answer comes (or, after a short wait, with the
     * child's own numbers marked partial). Never blocks the caller.
     */
    default CompletionStage<ServerSnapshot> wholeServerSnapshot() {
        return CompletableFuture.completedFuture(snapshot());
    }

    /** Graceful stop: see {@link dev.barista.Server#stop(Duration)}. */
    void stop(Duration grace) throws InterruptedException;

    /**
     * False once a graceful stop has begun in this process, so a load balancer stops sending here before
     * connections close. A master or parent process that serves no HTTP itself stays true.
     */
    default boolean ready() {
        return true;
    }

    /** False once a thread the server cannot do without died of an error: restart this process. */
    default boolean live() {
        return true;
    }
}
