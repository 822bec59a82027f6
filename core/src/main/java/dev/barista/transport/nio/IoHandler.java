package dev.barista.transport.nio;

/** Called on the event loop when a registered channel is ready. */
@FunctionalInterface
public interface IoHandler {
    /** @param readyOps the ready set, in {@link Poller}'s bits */
    void ready(int readyOps);
}
