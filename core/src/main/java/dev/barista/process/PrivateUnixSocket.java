package dev.barista.process;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * A listening Unix-domain socket in a private temporary directory ({@link PrivateDirectory}: 0700 from its
 * creation, a random name), where a parent's own children connect. The directory's name also holds the
 * owner's pid, so that the next process to bind one removes what an owner killed with SIGKILL left behind:
 * only directories of this user, and never through a symbolic link (see {@link #sweepStale}).
 */
final class PrivateUnixSocket implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PrivateUnixSocket.class.getName());

    private final Path directory;
    private final Path path;
    private final ServerSocketChannel server;

    private PrivateUnixSocket(Path directory, Path path, ServerSocketChannel server) {
        this.directory = directory;
        this.path = path;
        this.server = server;
    }

    /** Binds a new socket named {@code name} in a directory named {@code prefix<pid>-<random>}. */
    static PrivateUnixSocket bind(String prefix, String name) throws IOException {
        Path parent = shortTempDir();
        sweepStale(parent, prefix);
        Path directory = PrivateDirectory.createTemp(parent, prefix + ProcessHandle.current().pid() + "-");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(directory.resolve(name)));
        } catch (IOException e) {
            server.close();
            Files.deleteIfExists(directory);
            throw e;
        }
        return new PrivateUnixSocket(directory, directory.resolve(name), server);
    }

    /** Where children connect. */
    Path path() {
        return path;
    }

    /** The next connection; blocks. Throws {@link java.nio.channels.ClosedChannelException} once closed. */
    SocketChannel accept() throws IOException {
        return server.accept();
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

    /**
     * Removes the directories of owners that died without cleaning up (SIGKILL). The temporary directory is
     * shared: an entry may be another user's, or a symbolic link planted to make us delete files elsewhere.
     * So only real directories of this user are emptied, opened without following links and emptied
     * relative to that open directory (a {@link SecureDirectoryStream}): what is deleted is the entry
     * itself, never the target of a link.
     */
    static void sweepStale(Path parent, String prefix) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, prefix + "*")) {
            if (!(entries instanceof SecureDirectoryStream<Path> secure)) return; // no openat: leave them be
            for (Path dir : entries) {
                String[] parts = dir.getFileName().toString().substring(prefix.length()).split("-", 2);
                if (parts.length < 2 || parts[0].isEmpty() || !parts[0].chars().allMatch(Character::isDigit)) continue;
                if (ProcessHandle.of(Long.parseLong(parts[0])).isPresent()) continue;
                if (!PrivateDirectory.isOwnDirectory(dir)) continue;
                try {
                    Path name = dir.getFileName();
                    try (SecureDirectoryStream<Path> stale = secure.newDirectoryStream(name,
                            LinkOption.NOFOLLOW_LINKS)) {
                        for (Path file : stale) stale.deleteFile(file.getFileName());
                    }
                    secure.deleteDirectory(name);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot remove stale " + dir + ": " + e.getMessage());
                }
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
