package dev.barista.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** One in-process run of the program's command line, as {@code main} runs it, with its streams captured. */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    static CliRun of(Map<String, String> environment, String... args) {
        CommandLine cli = BaristaCommand.commandLine(environment, args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }
}
