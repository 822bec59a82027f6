package dev.barista.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts connection children with {@code posix_spawn}, each with a connected socket as its descriptor 0.
 * The argv and environment C arrays are built once per distinct command and reused for every child: a
 * spawn then costs the system call alone.
 *
 * <p>One caller at a time: the parent's acceptors take turns ({@code ConnectionChildren#spawn}); the arena is
 * shared only so that {@link #close} may run on another thread after them.
 */
final class ChildLauncher implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment envp;
    private final Map<List<String>, MemorySegment> argvs = new HashMap<>();
    private final Map<String, MemorySegment> paths = new HashMap<>();

    ChildLauncher(Map<String, String> environment) {
        List<String> env = new ArrayList<>(environment.size());
        environment.forEach((k, v) -> env.add(k + "=" + v));
        envp = Posix.cStringArray(arena, env);
    }

    /** Spawns {@code command} (its first element an absolute path) with {@code socketFd} as its stdin. */
    long spawn(List<String> command, int socketFd) throws IOException {
        MemorySegment argv = argvs.computeIfAbsent(List.copyOf(command), c -> Posix.cStringArray(arena, c));
        MemorySegment path = paths.computeIfAbsent(command.getFirst(), arena::allocateFrom);
        return Posix.spawn(path, argv, envp, socketFd);
    }

    @Override
    public void close() {
        arena.close();
    }
}
