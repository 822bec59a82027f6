package dev.barista.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defaults from BARISTA_* variables and the config file: the command line wins, then the environment, then the
 * file.
 */
class ConfiguredDefaultsTest {

    private static <T> T parsed(Map<String, String> environment, Class<T> type, String... args) {
        CommandLine cli = BaristaCommand.commandLine(environment, args);
        CommandLine.ParseResult result = cli.parseArgs(args);
        while (result.hasSubcommand()) result = result.subcommand();
        return type.cast(result.commandSpec().userObject());
    }

    @Test
    void serveTakesItsOptionsFromBaristaVariablesAndOtherCommandsFromTheirOwn() {
        Map<String, String> env = Map.of("BARISTA_PORT", "9000", "BARISTA_SHUTDOWN_GRACE", "3",
                "BARISTA_LOAD_DURATION", "30s", "BARISTA_SHOP_GATEWAY_CALL_TIMEOUT", "250ms");
        ServeCommand serve = parsed(env, ServeCommand.class, "serve");
        assertThat(serve.port).isEqualTo(9000);
        assertThat(serve.shutdownGrace).isEqualTo(Duration.ofSeconds(3));
        assertThat(parsed(env, LoadCommand.class, "load", "http://127.0.0.1:1/").duration)
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(parsed(env, ShopCommand.Gateway.class, "shop", "gateway", "--port", "0", "--user-url",
                "http://u/", "--product-url", "http://p/", "--inventory-url", "http://i/").callTimeout)
                .isEqualTo(Duration.ofMillis(250));
        // another command's option of the same name is not touched
        assertThat(parsed(env, LabCommand.class, "lab").port).isEqualTo(19100);
    }

    @Test
    void theCommandLineWinsThenTheEnvironmentThenTheFile(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("barista.properties"),
                "port=7000\nworkers=5\nload.connections=7\nno-shop=true\nlog-level=debug\n");
        Map<String, String> env = Map.of("BARISTA_CONFIG", config.toString(), "BARISTA_PORT", "8000");
        ServeCommand serve = parsed(env, ServeCommand.class, "serve");
        assertThat(serve.port).isEqualTo(8000);
        assertThat(serve.workers).isEqualTo(5);
        assertThat(serve.noShop).isTrue();
        assertThat(parsed(env, ServeCommand.class, "serve", "--port", "6000").port).isEqualTo(6000);
        assertThat(parsed(env, LoadCommand.class, "load", "http://127.0.0.1:1/").connections).isEqualTo(7);
        // an option every command shares is named alone, in the file as in the environment
        CommandLine cli = BaristaCommand.commandLine(env, "load", "http://127.0.0.1:1/");
        cli.parseArgs("load", "http://127.0.0.1:1/");
        assertThat(((BaristaCommand) cli.getCommand()).logLevel).isEqualTo(LogLevel.DEBUG);
        // --config on the command line beats BARISTA_CONFIG
        Path other = Files.writeString(dir.resolve("other.properties"), "workers=9\n");
        assertThat(parsed(env, ServeCommand.class, "serve", "--config", other.toString()).workers).isEqualTo(9);
    }

    @Test
    void helpShowsTheDefaultInEffectAndWhereItCameFrom() {
        CliRun run = CliRun.of(Map.of("BARISTA_PORT", "9000", "BARISTA_READINESS_DELAY", "500ms"), "serve", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Port to listen on (default: 9000)",
                "(default: 500ms; 0 to stop at once)",
                "read from the variable BARISTA_NAME", "--config FILE or BARISTA_CONFIG", "Set that way now:",
                "--port=9000 (BARISTA_PORT)", "--readiness-delay=500ms (BARISTA_READINESS_DELAY)");
        assertThat(CliRun.of("load", "--help").out().replaceAll("\\s+", " ")).contains("BARISTA_LOAD_NAME",
                "load.NAME=VALUE",
                "--duration=DURATION", "(default: 10s)").doesNotContain("Set that way now:");
    }
}
