package dev.barista.server;

/**
 * What a server does when a thread it cannot do without (an event loop, the acceptor) dies of an error. In
 * both cases the thread is out of service at once (no connection is handed to it), readiness and liveness
 * turn false, and the error is logged.
 */
public enum FatalErrorPolicy {
    /**
     * End the process with status 70 (EX_SOFTWARE), for its supervisor (the prefork master, systemd,
     * Kubernetes) to restart it: a half-dead server that reports healthy is worse than a restart.
     */
    EXIT,
    /** Keep the process running with what is left (for embedders that supervise it themselves, and tests). */
    KEEP_RUNNING
}
