package dev.barista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A command line that cannot be run as given (an unknown option, a bad value, a missing parameter, a bad
 * default from the environment or the config file): one line naming the problem, where a default came from,
 * and where to look, then exit status 2. Picocli's own handler would print the whole usage after it, burying
 * the one line that matters.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    private final ConfiguredDefaults defaults;

    UsageErrorHandler(ConfiguredDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        CommandSpec command = cli.getCommandSpec();
        PrintWriter err = cli.getErr();
        err.println(ErrorLine.of(problem(ex) + " (" + ErrorLine.seeHelp(command) + ")"));
        err.flush();
        return command.exitCodeOnInvalidInput();
    }

    private String problem(ParameterException ex) {
        // "positional parameter at index 0 (URL)" says less than the parameter's label alone
        String message = ErrorLine.clean(ex.getMessage())
                .replaceFirst("positional parameter at index \\d+ \\(([^)]+)\\)", "$1");
        if (!message.isEmpty()) message = message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) message += "; did you mean " + String.join(" or ", suggestions) + "?";
        }
        if (ex.getArgSpec() != null) {
            // picocli converts a default only when the option is absent: a bad value there came from us
            Optional<ConfiguredDefaults.Source> source = defaults.source(ex.getArgSpec())
                    .filter(s -> s.value().equals(ex.getValue()));
            if (source.isPresent()) message += " (from " + source.get().where() + ")";
        }
        return message;
    }
}
