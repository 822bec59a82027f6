package dev.barista.transport.nio;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * The readiness source behind an {@link EventLoop} (Redis's aeApi, Netty's IoHandler): the NIO selector
 * today, an FFM epoll tomorrow. The loop never branches on which one it has. Loop thread only, except
 * {@link #wakeup()}.
 */
public interface Poller extends AutoCloseable {
    int READ = SelectionKey.OP_READ;
    int WRITE = SelectionKey.OP_WRITE;
    int ACCEPT = SelectionKey.OP_ACCEPT;

    Registration register(SelectableChannel channel, int interest, IoHandler handler) throws IOException;

    /**
     * Waits for readiness and calls each ready channel's handler.
     *
     * @param timeoutMillis 0 to return at once, -1 to wait until something is ready or {@link #wakeup()}
     * @param onWake runs once per poll, after the wait and before the first handler (the loop's turn starts
     *               there), or after the wait when nothing was ready
     */
    void poll(long timeoutMillis, Runnable onWake) throws IOException;

    /** Makes a current or the next {@link #poll} return promptly. Any thread. */
    void wakeup();

    @Override
    void close();
}
