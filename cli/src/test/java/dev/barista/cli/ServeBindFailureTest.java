package dev.barista.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code barista serve} on a port it cannot have: one line on standard error naming the problem and the fix,
 * and exit status 1, under every kind of model (the multi-process ones as the real program, in a JVM of its
 * own, since a test runner cannot host them).
 */
class ServeBindFailureTest {
    /** The shop's backends elsewhere: nothing but the main server is started. */
    private static final List<String> NO_BACKENDS = List.of("--shop-user-url", "http://127.0.0.1:1",
            "--shop-product-url", "http://127.0.0.1:1", "--shop-inventory-url", "http://127.0.0.1:1");

    private static String inUse(int port) {
        return "barista: cannot listen on 127.0.0.1:" + port
                + ": address already in use (is another server running? choose another --port)";
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "thread-pool"})
    void aPortInUseIsOneLineAndStatusOne(String model) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new ArrayList<>(List.of("serve", "--model", model, "--port",
                    Integer.toString(taken.getLocalPort())));
            args.addAll(NO_BACKENDS);
            StringWriter err = new StringWriter();
            CommandLine cli = BaristaCommand.commandLine(Map.of());
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(1);
            assertThat(err.toString()).isEqualTo(inUse(taken.getLocalPort()) + System.lineSeparator());
        }
    }

    @Test
    void anAddressThisMachineDoesNotHaveIsOneLineToo() {
        List<String> args = new ArrayList<>(List.of("serve", "--host", "192.0.2.1", "--port", "8080"));
        args.addAll(NO_BACKENDS);
        StringWriter err = new StringWriter();
        CommandLine cli = BaristaCommand.commandLine(Map.of());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("barista: cannot listen on 192.0.2.1:8080: no such address on this machine");
    }

    /**
     * The port held by a listener with SO_REUSEPORT, as another prefork server's worker holds it: prefork's
     * own SO_REUSEPORT must not make it share the port with that server.
     */
    @ParameterizedTest
    @ValueSource(strings = {"prefork", "process-per-connection"})
    void theMultiProcessModelsSayItTheSameWay(String model) throws Exception {
        try (ServerSocketChannel worker = ServerSocketChannel.open()) {
            worker.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            worker.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            worker.bind(new InetSocketAddress("127.0.0.1", 0));
            ServerSocket taken = worker.socket();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    BaristaCommand.class.getName(), "serve", "--model", model, "--processes", "1",
                    "--port", Integer.toString(taken.getLocalPort())));
            cmd.addAll(NO_BACKENDS);
            Process serve = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String stderr = new String(serve.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isEqualTo(1);
            assertThat(stderr).isEqualTo(inUse(taken.getLocalPort()) + System.lineSeparator());
        }
    }
}
