package dev.barista.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code barista}: the runnable server's entry point. */
@Command(name = "barista",
        mixinStandardHelpOptions = true,
        version = "Barista 0.1.0",
        description = "A high-concurrency HTTP/1.1 server whose concurrency model is one flag away.",
        subcommands = {ServeCommand.class, ShopCommand.class, LoadCommand.class, LabCommand.class,
                CommandLine.HelpCommand.class})
public final class BaristaCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BaristaCommand()).execute(args));
    }
}
