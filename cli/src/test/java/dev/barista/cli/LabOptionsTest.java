package dev.barista.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab's new options refuse what they cannot do before any server starts. */
class LabOptionsTest {

    private record Run(int exit, String err) {
    }

    private static Run lab(String... args) {
        CommandLine cl = BaristaCommand.commandLine(Map.of());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "lab";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cl.execute(all), err.toString());
    }

    @Test
    void anUnknownWorkloadListsTheValidOnesSearchStylesIncluded(@TempDir Path out) {
        Run r = lab("--workloads", "plaintext,nope", "--out", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown workload 'nope'").contains("mixed").contains("connect")
                .contains("search-blocking-chain").contains("search-styles");
    }

    @Test
    void appendNeedsAnEarlierResultsFile(@TempDir Path out) {
        Run r = lab("--append", "--out", out.toString(), "--workloads", "plaintext");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--append needs --out DIR with a results.json");
    }

    @Test
    void theHelpNamesTheNewDimensions() {
        StringWriter out = new StringWriter();
        CommandLine cl = BaristaCommand.commandLine(Map.of());
        cl.setOut(new PrintWriter(out));
        cl.execute("lab", "--help");
        assertThat(out.toString()).contains("--cores").contains("--repeat").contains("--without-startup-archive")
                .contains("--append").contains("search-styles");
    }
}
