package dev.barista.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A listening TCP socket held as a raw descriptor, so that each accepted connection is a descriptor too and
 * can be handed to a child process as its own. The JDK's channels hide their descriptors (reaching them
 * means reflection into {@code sun.nio.ch}), hence libc through FFM.
 *
 * <p>Owned by one thread, the acceptor: it polls, accepts and finally closes; nobody else touches the
 * descriptor, so a close can never race an accept on a reused descriptor number.
 */
final class ListeningSocket implements AutoCloseable {
    private final int fd;
    private final int port;
    private boolean closed;

    private ListeningSocket(int fd, int port) {
        this.fd = fd;
        this.port = port;
    }

    /** Binds {@code host:port} (port 0: any free port) and listens; close-on-exec and non-blocking. */
    static ListeningSocket bind(String host, int port, int backlog) throws IOException {
        InetAddress address = InetAddress.getByName(host);
        int domain = address instanceof Inet4Address ? Posix.AF_INET : Posix.AF_INET6;
        int fd = Posix.socket(domain, Posix.SOCK_STREAM | Posix.SOCK_CLOEXEC | Posix.SOCK_NONBLOCK);
        try (Arena arena = Arena.ofConfined()) {
            Posix.setIntOption(fd, Posix.SOL_SOCKET, Posix.SO_REUSEADDR, 1);
            Posix.bind(fd, sockaddr(arena, address, port));
            Posix.listen(fd, backlog);
            return new ListeningSocket(fd, Posix.localPort(fd));
        } catch (IOException | RuntimeException e) {
            Posix.close(fd);
            if (e instanceof IOException io) {
                // A BindException, as the JDK's own sockets throw for the same failures.
                BindException failed = new BindException("cannot listen on " + host + ":" + port + ": "
                        + io.getMessage());
                failed.initCause(io);
                throw failed;
            }
            throw e;
        }
    }

    int port() {
        return port;
    }

    /**
     * Waits up to {@code waitMillis} for a connection and accepts it: its descriptor (blocking,
     * close-on-exec), or -1 if none came.
     */
    int accept(int waitMillis) throws IOException {
        if (!Posix.pollIn(fd, waitMillis)) return -1;
        return Posix.accept(fd);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Posix.close(fd);
    }

    /** struct sockaddr_in / sockaddr_in6, port and address in network byte order. */
    private static MemorySegment sockaddr(Arena arena, InetAddress address, int port) {
        byte[] ip = address.getAddress();
        short netPort = Short.reverseBytes((short) port);
        if (address instanceof Inet6Address v6) {
            MemorySegment sa = arena.allocate(28);
            sa.set(JAVA_SHORT, 0, (short) Posix.AF_INET6);
            sa.set(JAVA_SHORT, 2, netPort);
            MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 8, 16);
            sa.set(JAVA_INT, 24, v6.getScopeId());
            return sa;
        }
        MemorySegment sa = arena.allocate(16);
        sa.set(JAVA_SHORT, 0, (short) Posix.AF_INET);
        sa.set(JAVA_SHORT, 2, netPort);
        MemorySegment.copy(ip, 0, sa, JAVA_BYTE, 4, 4);
        return sa;
    }
}
