package dev.barista.process;

import dev.barista.runtime.RunningServer;
import dev.barista.server.ServerSnapshot;
import dev.barista.server.ServerStats;
import dev.barista.runtime.VirtualThreadCounter;
import dev.barista.transport.blocking.BlockingTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A connection child as its routes see it: one connection, served by this process alone. For the whole
 * server it asks its parent: each question is one short connection to the parent's {@link ChildStatsServer},
 * made on a virtual thread so the caller never waits; without an answer in time it gives its own snapshot,
 * marked partial. On its way out it reports its own counts there ({@link #reportExit()}).
 */
final class ConnectionChildServer implements RunningServer {
    /** How long a stats query waits for the parent before answering with the child's own numbers. */
    static final Duration QUERY_TIMEOUT = Duration.ofMillis(500);

    private final BlockingTransport transport;
    private final SocketChannel connection;
    private final Path parent;
    private final VirtualThreadCounter threads;
    private final SnapshotQueries queries;

    ConnectionChildServer(BlockingTransport transport, SocketChannel connection, Path parent,
                          VirtualThreadCounter threads) {
        this.transport = transport;
        this.connection = connection;
        this.parent = parent;
        this.threads = threads;
        this.queries = new SnapshotQueries(QUERY_TIMEOUT, transport::snapshot);
    }

    /** The server's port: the local port of the inherited connection (the child has no listening socket). */
    @Override
    public int port() {
        try {
            return ((InetSocketAddress) connection.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public ServerStats stats() {
        return transport.stats();
    }

    /** This child's own share: one process, one connection. */
    @Override
    public ServerSnapshot snapshot() {
        return transport.snapshot();
    }

    /** The parent's view (live children, ...), with this child's counts in it. */
    @Override
    public CompletionStage<ServerSnapshot> wholeServerSnapshot() {
        return queries.ask(id -> threads.start("barista-stats-query", () -> ask(id)));
    }

    private void ask(long id) {
        try (WorkerChannel channel = WorkerChannel.connect(parent)) {
            channel.send(new IpcMessage.StatsQuery(id, transport.snapshot()));
            if (channel.receive() instanceof IpcMessage.StatsAnswer a) queries.answered(a.id(), a.whole());
        } catch (IOException e) {
            // the parent is gone or stopping: the query's timeout answers with this child's own numbers
        }
    }

    /** Tells the parent this child's final counts, so that the server's totals keep them. */
    void reportExit() {
        try (WorkerChannel channel = WorkerChannel.connect(parent)) {
            channel.send(new IpcMessage.Stats(transport.snapshot()));
        } catch (IOException e) {
            // the parent is gone: nobody keeps totals any more
        }
    }

    @Override
    public void stop(Duration grace) throws InterruptedException {
        transport.stop(grace);
    }
}
