package dev.barista.process;

import dev.barista.server.ServerSnapshot;
import dev.barista.runtime.VirtualThreadCounter;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The process-per-connection parent's end of IPC: a {@link PrivateUnixSocket} its children connect to, one
 * short connection per message. A child sends {@code Stats} with its final snapshot as it exits (the
 * parent adds its request counters to the server's), and {@code StatsQuery} when it serves {@code /stats};
 * the query is answered with {@code StatsAnswer}, the parent's view of the whole server.
 *
 * <p>A child has no lasting channel to its parent: it inherits only its connection, and it lives for one.
 * Connecting when there is something to say costs a child nothing while it has not.
 *
 * <p>Threads: one platform thread accepts; each connection is read on a virtual thread of the parent's.
 */
final class ChildStatsServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ChildStatsServer.class.getName());

    private final PrivateUnixSocket socket;
    private final Consumer<ServerSnapshot> childExited;
    private final UnaryOperator<ServerSnapshot> wholeServer;
    private final VirtualThreadCounter threads;

    private ChildStatsServer(PrivateUnixSocket socket, Consumer<ServerSnapshot> childExited,
                             UnaryOperator<ServerSnapshot> wholeServer, VirtualThreadCounter threads) {
        this.socket = socket;
        this.childExited = childExited;
        this.wholeServer = wholeServer;
        this.threads = threads;
    }

    /**
     * Binds and starts accepting.
     *
     * @param childExited receives each exiting child's final snapshot
     * @param wholeServer the answer to a query, given the asking child's fresh snapshot
     */
    static ChildStatsServer start(Consumer<ServerSnapshot> childExited, UnaryOperator<ServerSnapshot> wholeServer,
                                  VirtualThreadCounter threads) throws IOException {
        PrivateUnixSocket socket = PrivateUnixSocket.bind("barista-inetd-", "parent.sock");
        ChildStatsServer server = new ChildStatsServer(socket, childExited, wholeServer, threads);
        Thread.ofPlatform().name("barista-inetd-ipc-accept").daemon(true).start(server::accept);
        return server;
    }

    /** Where children connect: passed to them as {@code -Dbarista.ipc}. */
    Path path() {
        return socket.path();
    }

    private void accept() {
        while (true) {
            try {
                SocketChannel channel = socket.accept();
                threads.start("barista-inetd-ipc", () -> serve(new WorkerChannel(channel)));
            } catch (ClosedChannelException e) {
                return; // the parent stopped
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "IPC accept failed: " + e.getMessage());
                return;
            }
        }
    }

    private void serve(WorkerChannel child) {
        try (child) {
            switch (child.receive()) {
                case IpcMessage.Stats s -> childExited.accept(s.snapshot());
                case IpcMessage.StatsQuery q ->
                        child.send(new IpcMessage.StatsAnswer(q.id(), wholeServer.apply(q.asker())));
                default -> LOG.log(System.Logger.Level.DEBUG, "unexpected message from a connection child");
            }
        } catch (IOException e) {
            // the child died or exited mid-message: nothing to count
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
