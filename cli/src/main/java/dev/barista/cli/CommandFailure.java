package dev.barista.cli;

/**
 * A command that could not do its work for a reason the user can act on (a port in use, a file it cannot
 * write, a lab cell that failed), already said in the words to print: {@link FailureHandler} prints it as one
 * line and exits with status 1.
 */
final class CommandFailure extends RuntimeException {
    CommandFailure(String problemAndFix) {
        super(problemAndFix);
    }

    CommandFailure(String problemAndFix, Throwable cause) {
        super(problemAndFix, cause);
    }
}
