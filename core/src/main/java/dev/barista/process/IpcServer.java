package dev.barista.process;

import dev.barista.server.ServerSnapshot;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The master's end of IPC: a {@link PrivateUnixSocket}, which every worker connects to. One thread accepts;
 * one reader thread per worker takes its messages and writes them into that worker's {@link WorkerProcess}
 * (channel, readiness, last report), waking the supervisor on readiness, and answers the worker's stats
 * queries itself with the whole server's snapshot (cheap: a sum of reports).
 * A connection that does not introduce itself as a worker the master started is closed.
 */
final class IpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IpcServer.class.getName());

    private final PrivateUnixSocket socket;
    private final LongFunction<WorkerProcess> workers;
    private final Runnable onReady;
    private final Supplier<ServerSnapshot> wholeServer;

    private IpcServer(PrivateUnixSocket socket, LongFunction<WorkerProcess> workers, Runnable onReady,
                      Supplier<ServerSnapshot> wholeServer) {
        this.socket = socket;
        this.workers = workers;
        this.onReady = onReady;
        this.wholeServer = wholeServer;
    }

    /**
     * Binds the socket and starts accepting; {@code workers} finds a live worker by id, or null;
     * {@code wholeServer} answers stats queries.
     */
    static IpcServer start(LongFunction<WorkerProcess> workers, Runnable onReady,
                           Supplier<ServerSnapshot> wholeServer) throws IOException {
        PrivateUnixSocket socket = PrivateUnixSocket.bind("barista-prefork-", "master.sock");
        IpcServer ipc = new IpcServer(socket, workers, onReady, wholeServer);
        Thread.ofPlatform().name("barista-prefork-ipc-accept").daemon(true).start(ipc::acceptWorkers);
        return ipc;
    }

    /** Where workers connect: passed to them as {@code -Dbarista.ipc}. */
    Path path() {
        return socket.path();
    }

    private void acceptWorkers() {
        while (true) {
            SocketChannel channel;
            try {
                channel = socket.accept();
            } catch (ClosedChannelException e) {
                return; // the master stopped
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "IPC accept failed: " + e.getMessage());
                return;
            }
            Thread.ofPlatform().name("barista-prefork-ipc").daemon(true).start(() -> read(new WorkerChannel(channel)));
        }
    }

    private void read(WorkerChannel channel) {
        WorkerProcess worker = null;
        try {
            if (!(channel.receive() instanceof IpcMessage.Hello hello)) return;
            worker = workers.apply(hello.workerId());
            if (worker == null || worker.pid() != hello.pid()) return; // not one of ours
            worker.channel = channel;
            while (true) {
                switch (channel.receive()) {
                    case IpcMessage.Ready ignored -> {
                        worker.readyNanos = System.nanoTime();
                        onReady.run();
                    }
                    case IpcMessage.Stats s -> worker.report = s.snapshot();
                    case IpcMessage.StatsQuery q -> {
                        worker.report = q.asker();
                        channel.send(new IpcMessage.StatsAnswer(q.id(), wholeServer.get()));
                    }
                    default -> throw new IOException("unexpected message from " + worker);
                }
            }
        } catch (IOException e) {
            // EOF: the worker exited (the supervisor reaps it); anything else ends this channel the same way
        } finally {
            if (worker != null) worker.readerDone.countDown();
            else channel.close();
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
