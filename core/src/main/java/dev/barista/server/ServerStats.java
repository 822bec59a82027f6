package dev.barista.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters every transport keeps in the same vocabulary. Updated from any thread. */
public final class ServerStats {
    public final AtomicInteger openConnections = new AtomicInteger();
    public final LongAdder acceptedConnections = new LongAdder();
    public final LongAdder refusedConnections = new LongAdder();
    public final LongAdder requests = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
    public final LongAdder handlerErrors = new LongAdder();
    public final LongAdder rejectedWork = new LongAdder();
    public final LongAdder timeouts = new LongAdder();
}
