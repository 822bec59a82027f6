package dev.barista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * A command that failed while running: one line on standard error and exit status 1. A {@link CommandFailure}
 * is printed as it is; a file the command could not use is named with the reason; anything else is a bug
 * or a surprise, said in one line too, with the stack trace under {@code --verbose} (and in the log at debug).
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    private static final System.Logger LOG = System.getLogger(FailureHandler.class.getName());

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
        CommandSpec command = cli.getCommandSpec();
        PrintWriter err = cli.getErr();
        boolean verbose = command.root().userObject() instanceof BaristaCommand barista && barista.verbose;
        err.println(ErrorLine.of(problem(ex, command, verbose)));
        if (verbose) ex.printStackTrace(err);
        err.flush();
        LOG.log(System.Logger.Level.DEBUG, command.qualifiedName() + " failed", ex);
        return command.exitCodeOnExecutionException();
    }

    private static String problem(Exception ex, CommandSpec command, boolean verbose) {
        if (ex instanceof CommandFailure) return ex.getMessage();
        if (ex instanceof FileSystemException file) {
            return "cannot use " + file.getFile() + ": " + reason(file) + " (check the path and its permissions)";
        }
        String message = ErrorLine.clean(ex.getMessage());
        return "unexpected failure of '" + command.qualifiedName() + "'" + (message.isEmpty() ? "" : ": " + message)
                + (verbose ? "" : " (run it again with --verbose for the stack trace, and report it)");
    }

    static String reason(FileSystemException e) {
        return switch (e) {
            case NoSuchFileException ignored -> "no such file or directory";
            case AccessDeniedException ignored -> "permission denied";
            case NotDirectoryException ignored -> "not a directory";
            default -> e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : "cannot be used";
        };
    }
}
