package dev.barista.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;

/**
 * The master's end of IPC: a Unix-domain socket in a private (0700) temporary directory, which every worker
 * connects to. One thread accepts; one reader thread per worker takes its messages and writes them into
 * that worker's {@link WorkerProcess} (channel, readiness, counters), waking the supervisor on readiness.
 * A connection that does not introduce itself as a worker the master started is closed.
 */
final class IpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IpcServer.class.getName());
    private static final String PREFIX = "barista-prefork-";

    private final Path directory;
    private final Path path;
    private final ServerSocketChannel server;
    private final LongFunction<WorkerProcess> workers;
    private final Runnable onReady;

    private IpcServer(Path directory, ServerSocketChannel server, LongFunction<WorkerProcess> workers,
                      Runnable onReady) {
        this.directory = directory;
        this.path = directory.resolve("master.sock");
        this.server = server;
        this.workers = workers;
        this.onReady = onReady;
    }

    /** Binds the socket and starts accepting; {@code workers} finds a live worker by id, or null. */
    static IpcServer start(LongFunction<WorkerProcess> workers, Runnable onReady) throws IOException {
        Path parent = shortTempDir();
        sweepStale(parent);
        // 0700: this user only. The pid in the name lets a later master remove it if this one is killed.
        Path directory = Files.createTempDirectory(parent, PREFIX + ProcessHandle.current().pid() + "-");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(directory.resolve("master.sock")));
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(directory);
            throw e;
        }
        IpcServer ipc = new IpcServer(directory, server, workers, onReady);
        Thread.ofPlatform().name("barista-prefork-ipc-accept").daemon(true).start(ipc::acceptWorkers);
        return ipc;
    }

    /** Where workers connect: passed to them as {@code -Dbarista.ipc}. */
    Path path() {
        return path;
    }

    private void acceptWorkers() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
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
                    case IpcMessage.Stats s -> worker.stats = s.snapshot();
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
        try {
            server.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cleaning up " + directory + ": " + e.getMessage());
        }
    }

    /** Removes the directories of masters that died without cleaning up (SIGKILL). */
    private static void sweepStale(Path parent) {
        try (var entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : entries) {
                String[] parts = dir.getFileName().toString().substring(PREFIX.length()).split("-", 2);
                if (parts.length < 2 || !parts[0].chars().allMatch(Character::isDigit)) continue;
                if (ProcessHandle.of(Long.parseLong(parts[0])).isPresent()) continue;
                Files.deleteIfExists(dir.resolve("master.sock"));
                Files.deleteIfExists(dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "sweeping stale IPC directories: " + e.getMessage());
        }
    }

    /** Unix socket paths are limited to 108 bytes: prefer a short temporary directory. */
    private static Path shortTempDir() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        return tmp.toString().length() > 60 && Files.isDirectory(Path.of("/tmp")) ? Path.of("/tmp") : tmp;
    }
}
