package dev.barista.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/** A {@link Poller} on {@code java.nio.channels.Selector} (epoll on Linux). */
public final class NioPoller implements Poller {
    private static final System.Logger LOG = System.getLogger(NioPoller.class.getName());

    private final Selector selector;
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    // Per-poll state, reused so that a poll allocates nothing.
    private Runnable onWake;
    private boolean woke;

    public NioPoller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Registration register(SelectableChannel channel, int interest, IoHandler handler)
            throws ClosedChannelException {
        KeyRegistration registration = new KeyRegistration(handler);
        registration.key = channel.register(selector, interest, registration);
        return registration;
    }

    @Override
    public void poll(long timeoutMillis, Runnable onWake) throws IOException {
        this.onWake = onWake;
        this.woke = false;
        if (timeoutMillis == 0) {
            selector.selectNow(dispatch);
        } else if (timeoutMillis < 0) {
            selector.select(dispatch);
        } else {
            selector.select(dispatch, timeoutMillis);
        }
        if (!woke) onWake.run();
    }

    private void dispatch(SelectionKey key) {
        if (!woke) {
            woke = true;
            onWake.run();
        }
        // An earlier handler in this batch may have closed this key's channel.
        if (!key.isValid()) return;
        try {
            ((KeyRegistration) key.attachment()).handler.ready(key.readyOps());
        } catch (Throwable t) {
            // A handler is responsible for its own errors, so this is a bug: report it, and keep dispatching
            // the batch (an exception out of select would abort the other ready keys of this poll).
            LOG.log(System.Logger.Level.ERROR, "I/O handler failed", t);
        }
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing a selector only fails if it is already broken; nothing left to release
        }
    }

    private static final class KeyRegistration implements Registration {
        final IoHandler handler;
        SelectionKey key;

        KeyRegistration(IoHandler handler) {
            this.handler = handler;
        }

        @Override
        public int interest() {
            return key.isValid() ? key.interestOps() : 0;
        }

        @Override
        public void interest(int ops) {
            if (key.isValid() && key.interestOps() != ops) key.interestOps(ops);
        }

        @Override
        public void cancel() {
            key.cancel();
        }
    }
}
