package dev.barista.shop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backend probe connects or says which address refused; only the product service is required. */
class BackendProbeTest {

    @Test
    void theProductServiceIsTheOneSearchesCannotDoWithout() {
        GatewayConfig config = GatewayConfig.of(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                URI.create("http://127.0.0.1:3"));
        assertThat(BackendProbe.of(config)).containsExactly(
                new BackendProbe("shop-user", config.users(), false),
                new BackendProbe("shop-product", config.products(), true),
                new BackendProbe("shop-inventory", config.inventory(), false));
    }

    @Test
    void connectsToAListeningBackendAndNamesOneThatIsNot() throws Exception {
        int closedPort;
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            BackendProbe probe = new BackendProbe("shop-product",
                    URI.create("http://127.0.0.1:" + listening.getLocalPort()), true);
            probe.connect(Duration.ofSeconds(2));
            closedPort = listening.getLocalPort();
        }
        BackendProbe gone = new BackendProbe("shop-product", URI.create("http://127.0.0.1:" + closedPort), true);
        assertThatThrownBy(() -> gone.connect(Duration.ofSeconds(2))).isInstanceOf(IOException.class)
                .hasMessageStartingWith("127.0.0.1:" + closedPort + " is unreachable (");
    }
}
