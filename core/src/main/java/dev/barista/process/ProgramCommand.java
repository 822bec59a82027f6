package dev.barista.process;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to run this program again: the same java, JVM options, class path or jar, main class and arguments,
 * with a few JVM options added (a {@link ProcessRole} and tuning). That is how a prefork worker or a
 * connection child gets the routes: it builds them itself, exactly as this process did.
 *
 * <p>The exact argv comes from {@code /proc/self/cmdline} ({@link ProcessHandle.Info#arguments()}); the
 * main class and its arguments are told apart from the JVM options by matching the tail of argv against
 * {@code sun.java.command} (which is "main arg1 arg2...", ambiguous on its own when arguments hold
 * spaces). When that fails, the command is rebuilt from the class path and the JVM's input arguments.
 */
public final class ProgramCommand {
    /** Options a child must never repeat: a debugger port or an archive being written would clash. */
    private static final List<String> NEVER_REPEATED = List.of("-agentlib:jdwp", "-Xrunjdwp", "-Xdebug",
            "-XX:ArchiveClassesAtExit", "-XX:AOTCacheOutput", "-XX:AOTMode", "-XX:AOTConfiguration",
            "-XX:+AutoCreateSharedArchive", "-XX:DumpLoadedClassList");
    /** Main classes of test runners: re-running one would run the test suite again in every child. */
    private static final List<String> TEST_RUNNERS = List.of("surefire", "org.junit.platform.console",
            "com.intellij.rt", "org.gradle", "worker.org.gradle", "org.eclipse.jdt.internal.junit",
            "jdk.jshell", "jdk.internal.jshell");

    /**
     * -XX flags every child starts with unless the program's own options set them (either way): a JVM that
     * hit an OutOfMemoryError is in an unknown state, so it exits and its parent deals with that (the prefork
     * master restarts the worker; a connection child's connection ends).
     */
    static final List<String> CHILD_DEFAULTS = List.of("-XX:+ExitOnOutOfMemoryError");

    private final String java;
    private final List<String> jvmOptions;
    private final List<String> launch;
    private final List<String> arguments;
    private final List<String> inherited;

    ProgramCommand(String java, List<String> jvmOptions, List<String> launch, List<String> arguments) {
        this(java, jvmOptions, launch, arguments, Map.of());
    }

    private ProgramCommand(String java, List<String> jvmOptions, List<String> launch, List<String> arguments,
                           Map<String, String> inherited) {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.launch = List.copyOf(launch);
        this.arguments = List.copyOf(arguments);
        List<String> properties = new ArrayList<>();
        inherited.forEach((name, value) -> properties.add("-D" + name + "=" + value));
        this.inherited = List.copyOf(properties);
    }

    /** The same program, its children also given these system properties ({@link InheritedProperties}). */
    ProgramCommand inheriting(Map<String, String> properties) {
        return new ProgramCommand(java, jvmOptions, launch, arguments, properties);
    }

    /**
     * This program's command line.
     *
     * @throws IllegalStateException when it cannot be known, or when this program is a test runner (a
     *                               test starts the server from a main class of its own, in a child JVM)
     */
    public static ProgramCommand current() {
        String command = System.getProperty("sun.java.command");
        if (command == null || command.isBlank()) {
            throw new IllegalStateException("cannot tell how this program was started (no sun.java.command), "
                    + "so it cannot be re-run in child processes");
        }
        String main = command.split(" ", 2)[0];
        for (String runner : TEST_RUNNERS) {
            if (main.contains(runner)) {
                throw new IllegalStateException("the multi-process models re-run this program in each child "
                        + "process, and this program is a test runner (" + main + "): start the server from a "
                        + "main class of its own in a separate JVM instead");
            }
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        String java = info.command().orElseGet(ProgramCommand::javaFromHome);
        return info.arguments().flatMap(argv -> fromArgv(java, Arrays.asList(argv), command))
                .orElseGet(() -> fromRuntime(command)).inheriting(InheritedProperties.all());
    }

    /** argv (without the executable) = JVM options, [-jar] main, arguments; the tail must spell {@code command}. */
    static Optional<ProgramCommand> fromArgv(String java, List<String> argv, String command) {
        String main = command.split(" ", 2)[0];
        for (int m = 0; m < argv.size(); m++) {
            if (!argv.get(m).equals(main)) continue;
            if (!String.join(" ", argv.subList(m, argv.size())).equals(command)) continue;
            boolean jar = m > 0 && argv.get(m - 1).equals("-jar");
            List<String> options = argv.subList(0, jar ? m - 1 : m);
            List<String> launch = jar ? List.of("-jar", main) : List.of(main);
            return Optional.of(new ProgramCommand(java, options, launch, argv.subList(m + 1, argv.size())));
        }
        return Optional.empty();
    }

    private static ProgramCommand fromRuntime(String command) {
        String[] parts = command.split(" ");
        String main = parts[0];
        List<String> options = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        List<String> launch;
        if (main.endsWith(".jar") && Files.isRegularFile(Path.of(main))) {
            launch = List.of("-jar", main);
        } else {
            options.addAll(0, List.of("-cp", System.getProperty("java.class.path")));
            launch = List.of(main);
        }
        return new ProgramCommand(javaFromHome(), options, launch, Arrays.asList(parts).subList(1, parts.length));
    }

    private static String javaFromHome() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The java executable. */
    public String java() {
        return java;
    }

    /** The first class path entry (or the jar): where build output lives, for files derived from it. */
    Path classPathHead() {
        if (launch.getFirst().equals("-jar")) return Path.of(launch.get(1)).toAbsolutePath();
        String cp = System.getProperty("java.class.path", "");
        String first = cp.split(File.pathSeparator, 2)[0];
        return Path.of(first.isEmpty() ? "." : first).toAbsolutePath();
    }

    /** True if classes come from directories (not jars): no class-data cache can be made then. */
    boolean classPathHasDirectories() {
        if (launch.getFirst().equals("-jar")) return false;
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) return true;
        }
        return false;
    }

    /**
     * What identifies the program's code, for naming a class-data cache: the launch target and every class
     * path entry with its size and modification time, so a rebuilt jar reads as other code.
     */
    String codeIdentity() {
        StringBuilder id = new StringBuilder(String.join(" ", launch));
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            id.append('|').append(entry);
            try {
                Path p = Path.of(entry);
                if (Files.isRegularFile(p)) {
                    id.append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p));
                }
            } catch (IOException | RuntimeException ignored) {
                // an entry we cannot read identifies itself by name only
            }
        }
        return id.toString();
    }

    /**
     * The full command: java, the {@link #CHILD_DEFAULTS} the program does not set itself, its JVM options
     * less those starting with any of {@code drop} (and those no child may repeat), the {@link
     * InheritedProperties}, then {@code extra}, then the main class or jar and the arguments. Options given
     * later win, so {@code extra} overrides what it repeats.
     */
    public List<String> with(List<String> drop, List<String> extra) {
        List<String> out = new ArrayList<>();
        out.add(java);
        for (String option : CHILD_DEFAULTS) if (!setsTheSameFlag(option)) out.add(option);
        for (String option : jvmOptions) {
            if (startsWithAny(option, NEVER_REPEATED) || startsWithAny(option, drop)) continue;
            out.add(option);
        }
        out.addAll(inherited);
        out.addAll(extra);
        out.addAll(launch);
        out.addAll(arguments);
        return out;
    }

    /** Whether the program's own options turn the -XX flag {@code option} on or off already. */
    private boolean setsTheSameFlag(String option) {
        String name = option.substring("-XX:+".length());
        return jvmOptions.contains("-XX:+" + name) || jvmOptions.contains("-XX:-" + name);
    }

    private static boolean startsWithAny(String option, List<String> prefixes) {
        for (String prefix : prefixes) if (option.startsWith(prefix)) return true;
        return false;
    }

    @Override
    public String toString() {
        return String.join(" ", with(List.of(), List.of()));
    }
}
