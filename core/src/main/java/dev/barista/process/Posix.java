package dev.barista.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few libc calls the multi-process models need that the JDK does not offer: a listening socket held as
 * a raw descriptor, {@code posix_spawn} with file actions (to make a connected socket a child's stdin),
 * {@code waitpid} and {@code kill}. Bound through the FFM API from the default lookup; Linux only, where
 * the constants below hold on both x86-64 and aarch64.
 *
 * <p>Every call that can fail captures {@code errno} in the same native call (the FFM captured call
 * state), because anything the JVM does between two calls may overwrite it.
 */
@SuppressWarnings("restricted") // native access is the point; the launcher grants it (--enable-native-access)
final class Posix {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final short POLLIN = 1;
    static final int WNOHANG = 1;
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final int EINTR = 4;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int EMFILE = 24;
    static final int ENFILE = 23;
    static final int ECONNABORTED = 103;
    static final short POSIX_SPAWN_SETPGROUP = 0x02;
    static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    /** glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128: room to spare. */
    static final long FILE_ACTIONS_SIZE = 256;
    static final long SPAWN_ATTR_SIZE = 512;
    static final long SIGSET_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle SOCKET = errnoCall("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            ADDRESS, JAVA_INT);
    private static final MethodHandle BIND = errnoCall("bind", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LISTEN = errnoCall("listen", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle ACCEPT4 = errnoCall("accept4", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle GETSOCKNAME = errnoCall("getsockname", JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle POLL = errnoCall("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle WRITE = errnoCall("write", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle CLOSE = errnoCall("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle KILL = errnoCall("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle SIGNAL = call("signal", ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle WAITPID = errnoCall("waitpid", JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    // The posix_spawn family returns an error number instead of setting errno.
    private static final MethodHandle POSIX_SPAWN = call("posix_spawn", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, ADDRESS);
    private static final MethodHandle FA_INIT = call("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_DESTROY = call("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_ADDDUP2 = call("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS,
            JAVA_INT, JAVA_INT);
    /** glibc 2.34+; without it the child relies on every other descriptor being close-on-exec. */
    private static final Optional<MethodHandle> FA_ADDCLOSEFROM = optionalCall(
            "posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_INIT = call("posix_spawnattr_init", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_DESTROY = call("posix_spawnattr_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_SETFLAGS = call("posix_spawnattr_setflags", JAVA_INT, ADDRESS, JAVA_SHORT);
    private static final MethodHandle ATTR_SETPGROUP = call("posix_spawnattr_setpgroup", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_SETSIGMASK = call("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ATTR_SETSIGDEFAULT = call("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS,
            ADDRESS);
    private static final MethodHandle SIGEMPTYSET = call("sigemptyset", JAVA_INT, ADDRESS);
    private static final MethodHandle SIGFILLSET = call("sigfillset", JAVA_INT, ADDRESS);
    private static final MethodHandle STRERROR = call("strerror", ADDRESS, JAVA_INT);

    private Posix() {
    }

    /** Where these bindings apply. A nested class, so asking does not link libc symbols. */
    static final class Platform {
        private Platform() {
        }

        static void require(String what) {
            if (!System.getProperty("os.name", "").startsWith("Linux")) {
                throw new UnsupportedOperationException(what + " needs Linux (posix_spawn, SO_REUSEPORT); this is "
                        + System.getProperty("os.name"));
            }
        }
    }

    // ---- sockets ---------------------------------------------------------------------------------------

    static int socket(int domain, int type) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(state, domain, type, 0);
            if (fd < 0) throw failure("socket", state);
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void setIntOption(int fd, int level, int option, int value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, option, v, (int) JAVA_INT.byteSize());
            if (rc < 0) throw failure("setsockopt", state);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void bind(int fd, MemorySegment sockaddr) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) BIND.invokeExact(state, fd, sockaddr, (int) sockaddr.byteSize());
            if (rc < 0) throw failure("bind", state);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void listen(int fd, int backlog) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) LISTEN.invokeExact(state, fd, backlog);
            if (rc < 0) throw failure("listen", state);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The bound port of a socket (IPv4 or IPv6: the port sits at the same offset in both). */
    static int localPort(int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment addr = arena.allocate(128);
            MemorySegment len = arena.allocateFrom(JAVA_INT, 128);
            int rc = (int) GETSOCKNAME.invokeExact(state, fd, addr, len);
            if (rc < 0) throw failure("getsockname", state);
            return Short.toUnsignedInt(Short.reverseBytes(addr.get(JAVA_SHORT, 2)));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Accepts one connection as a blocking, close-on-exec descriptor (close-on-exec so that a child spawned
     * meanwhile for another connection does not inherit it). Returns -1 when nothing is pending or the
     * client gave up before we accepted; throws for real failures (EMFILE...).
     */
    static int accept(int listenFd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) ACCEPT4.invokeExact(state, listenFd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
            if (fd >= 0) return fd;
            int errno = errno(state);
            if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED) return -1;
            throw failure("accept4", errno);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits up to {@code timeoutMillis} for a descriptor to become readable; true if it did. */
    static boolean pollIn(int fd, int timeoutMillis) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment pfd = arena.allocate(8); // struct pollfd { int fd; short events; short revents; }
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, POLLIN);
            int rc = (int) POLL.invokeExact(state, pfd, 1L, timeoutMillis);
            if (rc < 0) {
                if (errno(state) == EINTR) return false;
                throw failure("poll", state);
            }
            return rc > 0;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** One best-effort write (used for a last-resort 503); returns bytes written or -1. */
    static long write(int fd, byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment data = arena.allocateFrom(JAVA_BYTE, bytes);
            return (long) WRITE.invokeExact(state, fd, data, (long) bytes.length);
        } catch (Throwable t) {
            return -1;
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int ignored = (int) CLOSE.invokeExact(state, fd); // EINTR after close on Linux still released the fd
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // ---- processes -------------------------------------------------------------------------------------

    /** Sends a signal; false if the process no longer exists. */
    static boolean kill(long pid, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) KILL.invokeExact(state, (int) pid, signal) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Gives a signal its default disposition (SIG_DFL). The JVM declines to handle HUP, INT or TERM when the
     * process started with them ignored (under {@code nohup}, say): this makes them catchable again.
     */
    static void restoreDefaultDisposition(int signal) {
        try {
            MemorySegment previous = (MemorySegment) SIGNAL.invokeExact(signal, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reaps one child: its raw wait status, or -1 if {@code WNOHANG} was given and it is still running.
     * Throws if it is not (or no longer) our child.
     */
    static int waitpid(long pid, boolean noHang) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                int rc = (int) WAITPID.invokeExact(state, (int) pid, status, noHang ? WNOHANG : 0);
                if (rc == pid) return status.get(JAVA_INT, 0);
                if (rc == 0) return -1;
                if (errno(state) != EINTR) throw failure("waitpid", state);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** An exit code as the shell shows it: the code, or 128 + the signal that ended the process. */
    static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    /**
     * Starts {@code path} with {@code argv} and {@code envp} (NULL-terminated arrays of C strings), with
     * {@code stdinFd} duplicated onto the child's descriptor 0 and every descriptor from 3 up closed. The
     * child gets its own process group (a terminal's Ctrl-C is the parent's to handle), default signal
     * dispositions and an empty signal mask, whatever the spawning JVM thread had.
     */
    static long spawn(MemorySegment path, MemorySegment argv, MemorySegment envp, int stdinFd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWN_ATTR_SIZE, 16);
            MemorySegment empty = arena.allocate(SIGSET_SIZE, 16);
            MemorySegment all = arena.allocate(SIGSET_SIZE, 16);
            MemorySegment pid = arena.allocate(JAVA_INT);
            check("posix_spawn_file_actions_init", (int) FA_INIT.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
                try {
                    check("adddup2", (int) FA_ADDDUP2.invokeExact(actions, stdinFd, 0));
                    if (FA_ADDCLOSEFROM.isPresent()) {
                        check("addclosefrom_np", (int) FA_ADDCLOSEFROM.get().invokeExact(actions, 3));
                    }
                    check("sigemptyset", (int) SIGEMPTYSET.invokeExact(empty));
                    check("sigfillset", (int) SIGFILLSET.invokeExact(all));
                    check("setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, empty));
                    check("setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, all));
                    check("setpgroup", (int) ATTR_SETPGROUP.invokeExact(attr, 0));
                    short flags = (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
                    check("setflags", (int) ATTR_SETFLAGS.invokeExact(attr, flags));
                    check("posix_spawn", (int) POSIX_SPAWN.invokeExact(pid, path, actions, attr, argv, envp));
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** A NULL-terminated {@code char *[]} of the strings, allocated in {@code arena}. */
    static MemorySegment cStringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    // ---- plumbing --------------------------------------------------------------------------------------

    private static void check(String what, int rc) throws IOException {
        if (rc != 0) throw failure(what, rc);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static IOException failure(String what, MemorySegment state) {
        return failure(what, errno(state));
    }

    static IOException failure(String what, int errno) {
        return new PosixException(what + ": " + strerror(errno) + " (errno " + errno + ")", errno);
    }

    private static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? "error" : s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error";
        }
    }

    private static MethodHandle errnoCall(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), CAPTURE_ERRNO);
    }

    private static MethodHandle call(String name, MemoryLayout result, MemoryLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args));
    }

    private static Optional<MethodHandle> optionalCall(String name, MemoryLayout result, MemoryLayout... args) {
        return LIBC.find(name).map(s -> LINKER.downcallHandle(s, FunctionDescriptor.of(result, args)));
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException("libc has no " + name));
    }

    /** A failed libc call, with its errno for callers that tell errors apart. */
    static final class PosixException extends IOException {
        private final int errno;

        PosixException(String message, int errno) {
            super(message);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }
}
