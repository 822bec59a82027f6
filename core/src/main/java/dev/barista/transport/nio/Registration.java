package dev.barista.transport.nio;

/** A channel's membership in a {@link Poller}. Loop thread only. */
public interface Registration {
    int interest();

    void interest(int ops);

    /** Leaves the poller; the channel itself stays open. */
    void cancel();
}
