package dev.barista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code barista}: the runnable server's entry point. */
@Command(name = "barista",
        mixinStandardHelpOptions = true,
        versionProvider = BuildVersion.class,
        description = "A high-concurrency HTTP/1.1 server whose concurrency model is one flag away.",
        subcommands = {ServeCommand.class, ShopCommand.class, LoadCommand.class, LabCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 done; 1 the command failed while running (a port in use, a file it cannot "
                + "use, a failed lab cell); 2 the command line, or a default from the environment or the config "
                + "file, cannot be used as given. Every failure is one line on standard error (--verbose adds the "
                + "stack trace)."})
public final class BaristaCommand implements Runnable {
    private static final String LAUNCHER_SECTION = "launcherCommands";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace below the one-line message.")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            converter = LogLevel.Converter.class, completionCandidates = LogLevel.Converter.class,
            description = "The log's threshold: ${COMPLETION-CANDIDATES} (default: info, or what "
                    + "-Djava.util.logging.config.file sets).")
    LogLevel logLevel;

    @Option(names = "--log-format", paramLabel = "text|json", scope = ScopeType.INHERIT,
            converter = LogFormat.Converter.class,
            description = "The log on standard error, and the access log: text or json (one JSON object per line) "
                    + "(default: text).")
    LogFormat logFormat = LogFormat.TEXT;

    /** Read before parsing by {@link ConfiguredDefaults} (parsing is what asks for defaults); declared for the help. */
    @Option(names = ConfiguredDefaults.CONFIG_OPTION, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "A properties file of option defaults, like port=9000 or load.duration=30s "
                    + "(default: $" + ConfiguredDefaults.CONFIG_VARIABLE + ", else none).")
    Path config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), args).execute(args));
    }

    /**
     * The command line as the program runs it: defaults from {@code environment} and the config file,
     * durations in one syntax, and every failure told in one line ({@link UsageErrorHandler} exits 2,
     * {@link FailureHandler} 1). {@code args} only locate {@code --config}; pass the same ones to execute.
     */
    static CommandLine commandLine(Map<String, String> environment, String... args) {
        BaristaCommand barista = new BaristaCommand();
        ConfiguredDefaults defaults = new ConfiguredDefaults(environment, args);
        CommandLine cli = new CommandLine(barista)
                .registerConverter(Duration.class, new DurationConverter())
                .setDefaultValueProvider(defaults)
                .setParameterExceptionHandler(new UsageErrorHandler(defaults))
                .setExecutionExceptionHandler(new FailureHandler())
                .setExecutionStrategy(parsed -> {
                    defaults.check(last(parsed).commandSpec().commandLine());
                    barista.logFormat.install(barista.logLevel);
                    return new CommandLine.RunLast().execute(parsed);
                });
        describe(cli, defaults);
        cli.getHelpSectionMap().put(LAUNCHER_SECTION, help -> """
                Launcher commands (the ./barista script in a checkout, not this program):
                  test     Every module's tests, then examples/ against the installed artifacts.
                  build    Build every module (mvn package -DskipTests; more arguments go to Maven).
                  dist     dist/: a jlinked runtime, the jar and bin/barista (runs with no JDK).
                  cluster  HAProxy and N instances on namespaced hosts: up, down, status, rolling,
                           kill, curve, shop (scripts/cluster.py; needs root).
                """);
        List<String> sections = new ArrayList<>(cli.getHelpSectionKeys());
        int commands = sections.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        sections.add(commands + 1, LAUNCHER_SECTION);
        cli.setHelpSectionKeys(sections);
        return cli;
    }

    /** Every command gets the version and, in its help, how its defaults are read from outside. */
    private static void describe(CommandLine cli, ConfiguredDefaults defaults) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (spec.userObject() instanceof CommandLine.HelpCommand) return;
        spec.versionProvider(new BuildVersion());
        List<String> footer = new ArrayList<>(List.of(spec.usageMessage().footer()));
        footer.addAll(defaults.footer(spec));
        spec.usageMessage().footer(footer.toArray(String[]::new));
        for (CommandLine sub : cli.getSubcommands().values()) describe(sub, defaults);
    }

    private static CommandLine.ParseResult last(CommandLine.ParseResult parsed) {
        return parsed.hasSubcommand() ? last(parsed.subcommand()) : parsed;
    }
}
