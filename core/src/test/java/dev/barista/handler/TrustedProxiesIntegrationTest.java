package dev.barista.handler;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted proxy (here the test's own loopback peer), {@code Forwarded} or {@code X-Forwarded-*} set the
 * request's client address, scheme and host; from a peer that is not trusted, or with no proxy trusted at all,
 * the same headers are a spoofing attempt and change nothing. {@code remoteAddress} is the peer either way.
 * (The header rules themselves are {@code TrustedProxiesTest}'s; this is the server using them.)
 */
class TrustedProxiesIntegrationTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private static final String NOT_US = "10.0.0.0/8";

    /**
     * @param trusted  the server's trusted proxies (empty: none)
     * @param fields   forwarding fields the client sends
     * @param client   the client address the handler should see ({@code PEER}: the connection's peer)
     * @param scheme   the scheme it should see
     * @param host     the host it should see
     */
    record Case(String name, String[] trusted, String fields, String client, String scheme, String host) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String PEER = "PEER";

    static Stream<Case> cases() {
        String[] loopback = {"127.0.0.1"};
        return Stream.of(
                new Case("X-Forwarded-* from a trusted peer", loopback,
                        "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: shop.example\r\n",
                        "203.0.113.7:0", "https", "shop.example"),
                new Case("Forwarded from a trusted peer", loopback,
                        "Forwarded: for=\"[2001:db8::1]:4711\";proto=https;host=api.example\r\n",
                        "2001:db8:0:0:0:0:0:1:4711", "https", "api.example"),
                new Case("Forwarded wins over X-Forwarded-For", loopback,
                        "Forwarded: for=198.51.100.4\r\nX-Forwarded-For: 203.0.113.7\r\n",
                        "198.51.100.4:0", "http", "localhost"),
                new Case("hops walked from the right: the client's own entry on the left is not believed",
                        new String[]{"127.0.0.1", "192.0.2.0/24"},
                        "X-Forwarded-For: 6.6.6.6, 198.51.100.9, 192.0.2.10\r\n",
                        "198.51.100.9:0", "http", "localhost"),
                new Case("a CIDR block containing the peer", new String[]{"127.0.0.0/8"},
                        "X-Forwarded-For: 203.0.113.8\r\n", "203.0.113.8:0", "http", "localhost"),
                new Case("spoofing from an untrusted peer: X-Forwarded-*", new String[]{NOT_US},
                        "X-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: bank.example\r\n",
                        PEER, "http", "localhost"),
                new Case("spoofing from an untrusted peer: Forwarded", new String[]{NOT_US},
                        "Forwarded: for=10.1.2.3;proto=https;host=bank.example\r\n", PEER, "http", "localhost"),
                new Case("spoofing with no proxy trusted at all", new String[0],
                        "X-Forwarded-For: 10.1.2.3\r\nForwarded: for=10.1.2.3;proto=https\r\n"
                                + "X-Forwarded-Host: bank.example\r\n",
                        PEER, "http", "localhost"));
    }

    static Stream<Arguments> modelsAndCases() {
        return Models.all().stream().flatMap(model -> cases().map(c -> Arguments.of(model, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("modelsAndCases")
    void forwardingFieldsAreBelievedOnlyFromTrustedPeers(Model model, Case c) throws Exception {
        Server.Builder builder = ServerFixture.builder().model(model).get("/whoami", RequestAddressesTest.WHO_AM_I);
        if (c.trusted().length > 0) builder.trustedProxies(c.trusted());
        fx.start(builder);
        RawClient client = fx.raw();
        String peer = "127.0.0.1:" + client.socket().getLocalPort();

        RawResponse response = client.send("GET /whoami HTTP/1.1\r\nHost: localhost\r\n" + c.fields() + "\r\n").read();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).contains(
                "remote=" + peer,
                "client=" + (c.client().equals(PEER) ? peer : c.client()),
                "scheme=" + c.scheme(),
                "host=" + c.host());
    }
}
