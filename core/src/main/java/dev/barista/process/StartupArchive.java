package dev.barista.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes a connection child start as fast as the JVM allows, since start-up is what the process-per-connection
 * model pays per connection: a JVM tuned for a short life, and an ahead-of-time cache of the program's
 * classes created on first use.
 *
 * <p>The cache is JDK 25's AOT cache (JEP 483/514/515: classes loaded and linked ahead of time, plus method
 * profiles), created by the first child: it runs with {@code -XX:AOTCacheOutput}, so when it exits the JVM
 * writes the cache from what that child loaded. Children spawned while it trains run without one; once
 * the file is in place, every child maps it. It lives beside the build output (for {@code
 * cli/target/barista.jar}: {@code cli/target/barista-aot/}) or else in {@code ~/.cache/barista/aot/}, in a
 * directory only this user may write, named after a hash of the JDK and the class path, so a rebuilt jar or
 * another JDK gets a fresh cache instead of a rejected one. One child trains at a
 * time, into a file of its own, moved into place when done: no two JVMs ever write the same file.
 *
 * <p>{@link #childOptions}, then {@link #spawned} or {@link #spawnFailed}, run as one step, one spawn at a time
 * (the parent's acceptors take turns: {@code ConnectionChildren#spawn}); reaper threads call {@link #exited}.
 */
final class StartupArchive implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StartupArchive.class.getName());

    /** The parent's own choices that would clash with the children's (two GCs, two caches). */
    static final List<String> PARENT_OPTIONS_DROPPED = List.of("-XX:+UseSerialGC", "-XX:+UseG1GC",
            "-XX:+UseParallelGC", "-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:+UseEpsilonGC",
            "-XX:TieredStopAtLevel", "-Xshare", "-XX:SharedArchiveFile", "-XX:AOTCache", "-XX:CICompilerCount");

    /**
     * A JVM for a life of one connection: the C1 compiler only (C2 would never pay off), the serial
     * collector (no GC threads to start), no perf-data file to create, a small initial heap.
     */
    static final List<String> TUNING = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xms16m", "-Xss512k", "-Xlog:aot=off", "-Xlog:cds=off");

    /** {@code -Dbarista.startupArchive=off} in the parent: children start with the tuning, without the cache. */
    static final String DISABLE_PROPERTY = "barista.startupArchive";

    private final Path archive;
    private volatile boolean present;
    /** The child writing the cache (0: none). Written by the spawning acceptor, cleared by a reaper thread. */
    private volatile long trainer;
    private Path trainingFile;
    private boolean trainingPending;
    private volatile boolean gaveUp;

    private StartupArchive(Path archive) {
        this.archive = archive;
        this.present = archive != null && Files.isRegularFile(archive);
        this.gaveUp = archive == null;
    }

    static StartupArchive forProgram(ProgramCommand program) {
        if ("off".equals(System.getProperty(DISABLE_PROPERTY))) {
            // The lab measures children with and without the cache, to tell the JVM's start-up from the model's.
            LOG.log(System.Logger.Level.INFO, "-D" + DISABLE_PROPERTY + "=off: connection children start without "
                    + "an AOT cache");
            return new StartupArchive(null);
        }
        if (program.classPathHasDirectories()) {
            // The JVM archives classes from jars only, and refuses to write a cache at all otherwise.
            LOG.log(System.Logger.Level.INFO, "the class path has directories, so connection children start "
                    + "without an AOT cache (run from a jar to get one)");
            return new StartupArchive(null);
        }
        return new StartupArchive(location(program, userCacheDir().resolve("barista").resolve("aot")));
    }

    /** The options for the next child: tuning, plus the cache, or the writing of it, or neither. */
    List<String> childOptions() {
        List<String> options = new ArrayList<>(TUNING);
        if (present) {
            options.add("-XX:AOTCache=" + archive);
        } else if (!gaveUp && trainer == 0 && !trainingPending) {
            trainingFile = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                    + "-" + System.nanoTime());
            trainingPending = true;
            options.add("-XX:AOTCacheOutput=" + trainingFile);
        }
        return options;
    }

    void spawned(long pid) {
        if (trainingPending) {
            trainingPending = false;
            trainer = pid;
        }
    }

    /** A spawn that failed after {@link #childOptions} chose training: let the next child train. */
    void spawnFailed() {
        trainingPending = false;
    }

    void exited(long pid, int waitStatus) {
        if (pid != trainer) return;
        Path written = trainingFile;
        try {
            if (Files.isRegularFile(written) && Files.size(written) > 0) {
                move(written, archive);
                present = true;
                LOG.log(System.Logger.Level.INFO, "connection children now start from the AOT cache " + archive);
            } else {
                gaveUp = true; // this JVM cannot write one: do not make every child try
                LOG.log(System.Logger.Level.INFO, "no AOT cache was written (exit status " + waitStatus
                        + "); children start without one");
            }
        } catch (IOException e) {
            gaveUp = true;
            LOG.log(System.Logger.Level.WARNING, "cannot install the AOT cache " + archive + ": " + e.getMessage());
        } finally {
            trainer = 0;
        }
    }

    /** Removes a half-written cache if the stop came first. */
    @Override
    public void close() {
        Path written = trainingFile;
        if (written != null && !present) {
            try {
                Files.deleteIfExists(written);
            } catch (IOException ignored) {
                // a stray temporary file, named as such
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Beside the build output if we may write there, else in the user's cache directory; null if neither.
     * Not in the shared temporary directory: a cache is found again by its name, and a name others can
     * predict there is one they can take first. Either directory must be private ({@link
     * PrivateDirectory#ensure}): a cache another user could write is code they could make our children run.
     */
    static Path location(ProgramCommand program, Path userCache) {
        String name = "child-" + hash(System.getProperty("java.home") + "|" + System.getProperty("java.vm.version")
                + "|" + program.codeIdentity()) + ".aot";
        Path head = program.classPathHead();
        List<Path> candidates = new ArrayList<>();
        if (head.getParent() != null) candidates.add(head.getParent().resolve("barista-aot"));
        candidates.add(userCache);
        for (Path dir : candidates) {
            try {
                PrivateDirectory.ensure(dir);
                if (Files.isWritable(dir)) return dir.resolve(name);
            } catch (IOException | SecurityException e) {
                LOG.log(System.Logger.Level.DEBUG, "no AOT cache in " + dir + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** $XDG_CACHE_HOME, or ~/.cache. */
    private static Path userCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg);
        return Path.of(System.getProperty("user.home"), ".cache");
    }

    private static String hash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
