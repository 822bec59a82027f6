package dev.barista.client;

/**
 * A read-only snapshot of one upstream's counters, for monitoring and for leak tests: after traffic stops,
 * {@code inFlight}, {@code waiting} and {@code liveTimers} return to 0, and {@code openConnections} to at most
 * {@code idleConnections}.
 *
 * @param openConnections    connections open or opening
 * @param idleConnections    of those, idle in the pool
 * @param waiting            requests waiting for a connection
 * @param inFlight           requests accepted and not yet completed (waiting, queued to the loop, or on the wire)
 * @param liveTimers         connect, acquire, request and idle timers armed and not yet fired or cancelled
 * @param connectionsOpened  connections ever opened
 * @param requestsRejected   requests refused with {@link ClientOverloadedException}
 * @param retries            idempotent requests sent again after a reused connection was found closed
 */
public record UpstreamStats(int openConnections, int idleConnections, int waiting, int inFlight, int liveTimers,
                            long connectionsOpened, long requestsRejected, long retries) {
}
