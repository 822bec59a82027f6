package dev.barista.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every command fed bad values: exactly one line on standard error, naming the problem, with no Java in it,
 * and exit status 2 for a command line that cannot be used, 1 for a failure while running.
 */
class OneLineErrorsTest {
    private static final String URL = "http://127.0.0.1:1/";
    /** serve without the shop's backends, so a bad value is all that can fail. */
    private static final String GATEWAY = "shop gateway --port 0 --user-url " + URL + " --product-url " + URL
            + " --inventory-url " + URL;

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments("load https://host/", "invalid value for URL: 'https://host/': https is not supported"),
                arguments("load ftp://host/", "is not an http:// URL with a host"),
                arguments("load http://[::1/", "is not a URL"),
                arguments("load", "missing required parameter: 'URL'"),
                arguments("load " + URL + " -d 10x", "'10x' is not a duration: write 10 (seconds), 10s, 500ms"),
                arguments("load " + URL + " --timeout -1s", "'-1s' is not a duration"),
                arguments("load " + URL + " --warmup 1.5ns", "'1.5ns' is not a duration"),
                arguments("load " + URL + " -c 0", "'0' is not a whole number of at least 1"),
                arguments("load " + URL + " -c many", "'many' is not a whole number of at least 1"),
                arguments("load " + URL + " --pipeline 2000", "pipeline must be 1..1024"),
                arguments("load " + URL + " -R -5", "'-5' is not a rate"),
                arguments("load " + URL + " -H NoColon", "'NoColon' is not a header: write 'Name: value'"),
                arguments("load " + URL + " --method BAD\tVERB", "is not a method: write a word like GET or POST"),
                arguments("load " + URL + " -d 0", "--duration must be > 0"),
                arguments("load " + URL + " --slow-share 0.5", "--slow-share needs --slow TARGET"),
                arguments("load " + URL + " --slow sleep", "--slow sleep: give a path and query, starting with /"),
                arguments("load " + URL + " --slow /s --slow-share 2", "'2' is not a share"),
                arguments("load " + URL + " --slow /s --pipeline 4", "a request mix needs pipeline 1"),
                arguments("load " + URL + " --connection-per-request --pipeline 4",
                        "a connection per request needs pipeline 1"),
                arguments("load " + URL + " --conections 10",
                        "unknown options: '--conections', '10'; did you mean --connections"),
                arguments("serve --model fork-bomb", "unknown model 'fork-bomb'; valid models: reactor, event-loop"),
                arguments("serve --port 70000", "'70000' is not a port, 0..65535"),
                arguments("serve --shutdown-grace soon", "'soon' is not a duration"),
                arguments("serve --readiness-delay 2x", "'2x' is not a duration"),
                arguments("serve --shop-latency fast", "'fast' is not a latency: write 0, 20ms, uniform:10ms-30ms"),
                arguments("serve --shop-latency uniform:30ms-10ms", "'uniform:30ms-10ms' is not a latency"),
                arguments("serve --shop-style sideways", "unknown style 'sideways'; valid: blocking, callbacks"),
                arguments("serve --shop-user-url https://users/", "https is not supported"),
                arguments("serve --shop-ports 1,2", "--shop-ports takes three ports"),
                arguments("serve --log-format xml", "--log-format must be text or json, not 'xml'"),
                arguments("serve --log-level loud", "unknown log level 'loud'; valid: off, error, warning"),
                arguments("serve --workers 0", "'0' is not a whole number of at least 1"),
                arguments("srve", "'srve'; did you mean serve?"),
                arguments("shop user", "missing required option: '--port"),
                arguments("shop user --port 0 --error-rate 2", "'2' is not a share between 0 and 1"),
                arguments("shop user --port 0 --hang forever", "'forever' is not a duration"),
                arguments("shop product --port 0 --latency exp:", "'exp:' is not a latency"),
                arguments(GATEWAY + " --call-timeout 1x", "'1x' is not a duration"),
                arguments(GATEWAY + " --plan zigzag", "unknown plan 'zigzag'; valid: chain, concurrent"),
                arguments("shop gateway --port 0 --user-url https://u/", "https is not supported"),
                arguments("lab --workloads plaintext,tea",
                        "unknown workload 'tea'; valid: plaintext, blocking, mixed, connect, search"),
                arguments("lab --models reactor,fork", "unknown model 'fork'"),
                arguments("lab --duration 3x", "'3x' is not a duration"),
                arguments("lab --connections 100,0", "'0' is not a whole number of at least 1"),
                arguments("lab --render /no/such/lab-run", "--render /no/such/lab-run: no readable results.json"),
                arguments("lab --peers --bench-jar /no/such.jar", "--peers needs /no/such.jar, which does not exist"),
                arguments("serve --config /no/such.properties", "config file /no/such.properties does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void aCommandLineThatCannotBeUsedIsOneLineAndStatusTwo(String args, String problem) {
        CliRun run = CliRun.of(args.split(" "));
        assertOneLine(run, problem);
        assertThat(run.err()).contains("(see 'barista");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aBadDefaultFromTheEnvironmentNamesTheVariable() {
        CliRun run = CliRun.of(Map.of("BARISTA_PORT", "abc"), "serve");
        assertOneLine(run, "invalid value for option '--port': 'abc' is not a port, 0..65535 (from BARISTA_PORT)");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aBadDefaultFromTheConfigFileNamesTheSettingAndTheFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("barista.properties"), "load.duration=forever\n");
        CliRun run = CliRun.of(Map.of("BARISTA_CONFIG", config.toString()), "load", URL);
        assertOneLine(run, "'forever' is not a duration");
        assertThat(run.err()).contains("(from load.duration in " + config + ")");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aMisspelledSettingInTheConfigFileIsRefusedNotIgnored(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("barista.properties"), "port=9000\nprot=9001\n");
        CliRun run = CliRun.of("serve", "--config", config.toString());
        assertOneLine(run, "unknown setting 'prot' in config file " + config);
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aConfigFileThatCannotBeReadIsOneLine(@TempDir Path dir) {
        CliRun run = CliRun.of("--config=" + dir, "serve"); // a directory: open succeeds, reading fails
        assertOneLine(run, "config file " + dir + " cannot be read as a properties file");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aLoadThatMeasuredNoResponseSaysWhyInOneLine() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        CliRun run = CliRun.of("load", "http://127.0.0.1:" + closed + "/", "-c", "1", "-d", "300ms", "--warmup", "0");
        assertOneLine(run, "no response was measured from http://127.0.0.1:" + closed + "/ (errors: connect ");
        assertThat(run.exit()).isEqualTo(1);

        CliRun unknown = CliRun.of("load", "http://no-such-host.invalid/", "-d", "1");
        assertOneLine(unknown, "cannot resolve the host of http://no-such-host.invalid/ (check the name");
        assertThat(unknown.exit()).isEqualTo(1);
    }

    @Test
    void aLabDirectoryWithoutResultsIsOneLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("results.json"), "{not json");
        CliRun run = CliRun.of("lab", "--render", dir.toString());
        assertOneLine(run, dir.resolve("results.json") + " is not a lab's results (");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aPortInUseIsOneLineAndStatusOneForTheShopServicesToo() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("shop", "inventory", "--port", Integer.toString(taken.getLocalPort()));
            assertOneLine(run, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use "
                    + "(is another server running? choose another --port)");
            assertThat(run.exit()).isEqualTo(1);
        }
    }

    @Test
    void anAccessLogThatCannotBeWrittenIsOneLineAndStatusOne(@TempDir Path dir) {
        CliRun run = CliRun.of("serve", "--no-shop", "--port", "0", "--access-log", dir.toString());
        assertOneLine(run, "cannot write the access log " + dir + ": is a directory (choose a writable --access-log");
        assertThat(run.exit()).isEqualTo(1);

        String nowhere = dir + "/no/such/dir/access.log";
        CliRun missing = CliRun.of("serve", "--no-shop", "--port", "0", "--access-log", nowhere);
        assertOneLine(missing, "cannot write the access log " + nowhere + ": no such file or directory");
        assertThat(missing.exit()).isEqualTo(1);
    }

    @Test
    void verboseAddsTheStackTraceBelowTheLine(@TempDir Path dir) {
        CliRun run = CliRun.of("serve", "--no-shop", "--port", "0", "--access-log", dir.toString(), "--verbose");
        assertThat(run.errLines().getFirst()).startsWith("barista: cannot write the access log");
        assertThat(run.err()).contains("at dev.barista.cli.ServeCommand");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void aLabWithAFailedCellWritesItsReportThenExitsOne(@TempDir Path out) {
        CliRun run = CliRun.of("lab", "--models", "reactor", "--workloads", "plaintext", "--connections", "10",
                "--warmup", "0", "--duration", "500ms", "--no-pin", "--port", "0", "--out", out.toString(),
                "--server-jvm", "-XX:+NoSuchOptionAnywhere");
        assertOneLine(run, "1 of 1 lab cells failed, first reactor plaintext c=10 (their servers' logs: "
                + out.resolve("logs") + ")");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(out.resolve("report.html")).exists();
    }

    private static void assertOneLine(CliRun run, String problem) {
        assertThat(run.errLines()).as("standard error of a failed command").singleElement().asString()
                .startsWith("barista: ").contains(problem).doesNotContain("Exception", "at dev.", "\tat ");
    }
}
