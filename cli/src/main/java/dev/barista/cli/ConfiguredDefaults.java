package dev.barista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Option defaults from {@code BARISTA_*} environment variables and an optional properties file (picocli's
 * default provider): the command line wins, then the environment, then the file, then the built-in default.
 *
 * <p>Names follow the option. The options of {@code serve} (the main command) and those every command shares
 * are {@code BARISTA_PORT} in the environment and {@code port} in the file; another command's carry its name:
 * {@code BARISTA_LOAD_DURATION} / {@code load.duration}, {@code BARISTA_SHOP_GATEWAY_CALL_TIMEOUT} /
 * {@code shop.gateway.call-timeout}. The file is named by {@code --config FILE} or {@code BARISTA_CONFIG}; it
 * must exist and name only options that exist, so a typo fails the command rather than being ignored.
 */
final class ConfiguredDefaults implements CommandLine.IDefaultValueProvider {
    static final String CONFIG_OPTION = "--config";
    static final String CONFIG_VARIABLE = "BARISTA_CONFIG";
    private static final String MAIN_COMMAND = "serve";

    /** Where a default came from ({@code BARISTA_PORT}, or {@code port in FILE}), and the text given there. */
    record Source(String where, String value) {
    }

    private final Map<String, String> environment;
    private final Path file;
    private final Properties settings = new Properties();
    /** Why the file cannot be used, or null; told when a command runs (a provider's exception would be lost). */
    private String problem;

    /** {@code args}: the command line, only to find {@code --config} before picocli parses it. */
    ConfiguredDefaults(Map<String, String> environment, String... args) {
        this.environment = Map.copyOf(environment);
        this.file = configFile(environment, args);
        if (file != null) read();
    }

    /** {@code --config FILE} must be known before parsing, since parsing is what asks for defaults. */
    private static Path configFile(Map<String, String> environment, String[] args) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals(CONFIG_OPTION) && i + 1 < args.length) return Path.of(args[i + 1]);
            if (args[i].startsWith(CONFIG_OPTION + "=")) return Path.of(args[i].substring(CONFIG_OPTION.length() + 1));
        }
        String named = environment.get(CONFIG_VARIABLE);
        return named == null || named.isBlank() ? null : Path.of(named);
    }

    private void read() {
        try (Reader reader = Files.newBufferedReader(file)) {
            settings.load(reader);
        } catch (NoSuchFileException e) {
            problem = "config file " + file + " does not exist (check --config or " + CONFIG_VARIABLE + ")";
        } catch (AccessDeniedException e) {
            problem = "config file " + file + " cannot be read: permission denied";
        } catch (IOException | IllegalArgumentException e) {
            problem = "config file " + file + " cannot be read as a properties file (" + ErrorLine.clean(e.getMessage())
                    + "); write one option a line, like port=9000";
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return source(arg).map(Source::value).orElse(null);
    }

    /** Where {@code arg}'s default comes from, if from the environment or the file. */
    Optional<Source> source(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !configurable(option)) return Optional.empty();
        String variable = variable(option);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null) return Optional.of(new Source(variable, fromEnvironment));
        String key = key(option);
        String fromFile = settings.getProperty(key);
        if (fromFile != null) return Optional.of(new Source(key + " in " + file, fromFile.strip()));
        return Optional.empty();
    }

    /** Fails the command about to run if the file is missing, unreadable, or names an option that does not exist. */
    void check(CommandLine running) {
        if (problem != null) throw new CommandLine.ParameterException(running, problem);
        Set<String> known = new TreeSet<>();
        collectKeys(running.getCommandSpec().root(), known);
        for (String key : new TreeSet<>(settings.stringPropertyNames())) {
            if (!known.contains(key)) {
                throw new CommandLine.ParameterException(running, "unknown setting '" + key + "' in config file "
                        + file + "; a setting is an option's name, like port or load.duration");
            }
        }
    }

    private static void collectKeys(CommandSpec command, Set<String> keys) {
        for (OptionSpec option : command.options()) if (configurable(option)) keys.add(key(option));
        for (CommandLine sub : command.subcommands().values()) collectKeys(sub.getCommandSpec(), keys);
    }

    private static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !option.longestName().equals(CONFIG_OPTION);
    }

    /** {@code port}, {@code load.duration}, {@code shop.gateway.call-timeout}. */
    static String key(OptionSpec option) {
        String name = option.longestName().replaceFirst("^-+", "");
        String prefix = commandPrefix(option.command());
        return option.inherited() || prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** {@code BARISTA_PORT}, {@code BARISTA_LOAD_DURATION}, {@code BARISTA_SHOP_GATEWAY_CALL_TIMEOUT}. */
    static String variable(OptionSpec option) {
        return "BARISTA_" + key(option).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The command's path below the root, dot-separated; empty for the root and for serve. */
    private static String commandPrefix(CommandSpec command) {
        if (command.parent() == null) return "";
        String path = command.qualifiedName(".");
        path = path.substring(path.indexOf('.') + 1);
        return path.equals(MAIN_COMMAND) ? "" : path;
    }

    /** The help footer: how this command's options are named outside the command line, and what is set now. */
    List<String> footer(CommandSpec command) {
        String prefix = commandPrefix(command);
        String variables = "BARISTA_"
                + (prefix.isEmpty() ? "" : prefix.toUpperCase(Locale.ROOT).replace('.', '_') + "_");
        String keys = prefix.isEmpty() ? "" : prefix + ".";
        List<String> lines = new ArrayList<>(List.of("", "Defaults from the environment or a file: an option "
                + "--NAME is read from the variable " + variables + "NAME (upper case, '-' as '_'), else from "
                + keys + "NAME=VALUE in the properties file given by --config FILE or " + CONFIG_VARIABLE
                + ". The command line wins, then the environment, then the file."));
        List<String> set = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            source(option).ifPresent(s -> set.add("  " + option.longestName() + "=" + s.value() + "  (" + s.where()
                    + ")"));
        }
        if (!set.isEmpty()) {
            lines.add("Set that way now:");
            lines.addAll(set);
        }
        // picocli formats footer lines: a '%' in a value must stay a '%'
        return lines.stream().map(line -> line.replace("%", "%%")).toList();
    }
}
