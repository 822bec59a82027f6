package dev.barista.server;

import dev.barista.Server;
import dev.barista.model.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What socket activation refuses. The real thing (a listening socket passed as standard input, a connection
 * waiting in its backlog across a restart) needs a parent that holds the socket: scripts/socket-activation-check.py,
 * run by ./barista test through scripts/dist-smoke.sh.
 */
class SocketActivationTest {

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "event-loop", "thread-pool", "virtual-threads", "thread-per-connection"})
    void withoutAListeningSocketOnStandardInputTheServerDoesNotStart(String model) {
        // Under the test runner standard input is a pipe, not a socket.
        assertThatThrownBy(() -> Server.builder().model(model).socketActivation(true).start())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("socket activation: standard input is not a listening TCP socket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prefork", "process-per-connection"})
    void theMultiProcessModelsRefuseIt(String model) {
        assertThatThrownBy(() -> Server.builder().model(Model.named(model)).socketActivation(true).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("socket activation serves from one process");
    }
}
