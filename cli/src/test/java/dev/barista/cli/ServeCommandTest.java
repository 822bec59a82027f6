package dev.barista.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServeCommandTest {

    @Test
    void unknownModelFailsListingTheValidOnes() {
        StringWriter err = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("serve", "--model", "fork-bomb");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("unknown model 'fork-bomb'").contains("reactor").contains("event-loop");
    }

    @Test
    void serveHelpListsTheModelsAndOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("serve", "--help");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port", "--host", "--model", "--loops", "--workers", "reactor, event-loop");
    }
}
