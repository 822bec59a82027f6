package dev.barista.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * The one line an error is told in on standard error: {@code barista: <problem> (<fix>)}. Messages that come
 * from elsewhere are cut to their first line and lose the Java type names they may carry
 * ({@code java.io.IOException: ...}): the reader needs the problem, not the class that reported it.
 */
final class ErrorLine {
    private static final String TYPE_NAME = "(?:[a-z][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?";

    private ErrorLine() {
    }

    static String of(String problem) {
        return "barista: " + clean(problem);
    }

    /** The pointer to the help of the command that failed, e.g. {@code see 'barista serve --help'}. */
    static String seeHelp(CommandSpec command) {
        return "see '" + command.qualifiedName() + " --help'";
    }

    static String clean(String message) {
        String first = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return first.replaceAll(TYPE_NAME, "").strip();
    }
}
