package dev.barista.handler;

import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request knows the connection it came on: the peer ({@code remoteAddress}), the address the client connected
 * to ({@code localAddress}), and, with no proxy trusted, a client address, scheme and host taken from the
 * connection and the request itself.
 */
class RequestAddressesTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Answers what the request says about where it came from, one field a line. */
    static final Handler WHO_AM_I = request -> Response.text(String.join("\n",
            "remote=" + text(request.remoteAddress()),
            "local=" + text(request.localAddress()),
            "client=" + text(request.clientAddress()),
            "peer=" + text(request.connection().peerAddress()),
            "scheme=" + request.scheme(),
            "host=" + request.host(),
            "protocol=" + request.protocol()));

    static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void addressesAreTheConnectionsEnds(Model model) throws Exception {
        fx.start(ServerFixture.builder().model(model).get("/whoami", WHO_AM_I));
        RawClient client = fx.raw();
        String us = "127.0.0.1:" + client.socket().getLocalPort();

        RawResponse response = client.send("GET /whoami HTTP/1.1\r\nHost: shop.example:8443\r\n\r\n").read();
        assertThat(response.bodyText()).isEqualTo(String.join("\n",
                "remote=" + us,
                "local=127.0.0.1:" + fx.port(),
                "client=" + us,
                "peer=" + us,
                "scheme=http",
                "host=shop.example:8443",
                "protocol=HTTP/1.1"));

        // The same for every request of the connection; the protocol is the request's own.
        RawResponse http10 = client.send("GET /whoami HTTP/1.0\r\nHost: other\r\nConnection: keep-alive\r\n\r\n")
                .read();
        assertThat(http10.bodyText()).contains("remote=" + us, "host=other", "protocol=HTTP/1.0");
    }
}
