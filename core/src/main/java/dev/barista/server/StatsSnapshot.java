package dev.barista.server;

/**
 * The values of a {@link ServerStats} at one moment: one process's counters, or a prefork master's sum over
 * its workers. Every field is a counter (only grows) except {@code openConnections}, a gauge.
 */
public record StatsSnapshot(
        long openConnections,
        long acceptedConnections,
        long refusedConnections,
        long requests,
        long badRequests,
        long handlerErrors,
        long rejectedWork,
        long timeouts) {

    public static final StatsSnapshot ZERO = new StatsSnapshot(0, 0, 0, 0, 0, 0, 0, 0);

    public static StatsSnapshot of(ServerStats s) {
        return new StatsSnapshot(s.openConnections.get(), s.acceptedConnections.sum(), s.refusedConnections.sum(),
                s.requests.sum(), s.badRequests.sum(), s.handlerErrors.sum(), s.rejectedWork.sum(), s.timeouts.sum());
    }

    public StatsSnapshot plus(StatsSnapshot o) {
        return new StatsSnapshot(openConnections + o.openConnections, acceptedConnections + o.acceptedConnections,
                refusedConnections + o.refusedConnections, requests + o.requests, badRequests + o.badRequests,
                handlerErrors + o.handlerErrors, rejectedWork + o.rejectedWork, timeouts + o.timeouts);
    }

    /** The counters only: what a process that has exited still contributes to the totals. */
    public StatsSnapshot countersOnly() {
        return new StatsSnapshot(0, acceptedConnections, refusedConnections, requests, badRequests, handlerErrors,
                rejectedWork, timeouts);
    }

    /** A fresh {@link ServerStats} holding these values (a copy: it does not follow later changes). */
    public ServerStats toServerStats() {
        ServerStats s = new ServerStats();
        s.openConnections.set((int) Math.min(Integer.MAX_VALUE, openConnections));
        s.acceptedConnections.add(acceptedConnections);
        s.refusedConnections.add(refusedConnections);
        s.requests.add(requests);
        s.badRequests.add(badRequests);
        s.handlerErrors.add(handlerErrors);
        s.rejectedWork.add(rejectedWork);
        s.timeouts.add(timeouts);
        return s;
    }
}
