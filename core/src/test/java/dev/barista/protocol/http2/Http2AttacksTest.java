package dev.barista.protocol.http2;

import dev.barista.conformance.ConformanceServer;
import dev.barista.conformance.ConformanceServers;
import dev.barista.conformance.Gate;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The known attacks on HTTP/2 servers, each made against every model: the server must end the attacker's
 * connection (or refuse the one request) before the attack costs it more than the attacker, and stay up for
 * everyone else.
 */
@Timeout(60)
class Http2AttacksTest {
    /** Few streams, resets and control frames allowed, so that each attack crosses its limit quickly. */
    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers("http2=4,50,500",
            "timeouts=5000,2000,5000,1500,200");

    private static void assertCalmedDown(H2TestClient client) throws IOException {
        H2TestClient.Frame goAway = client.goAway();
        assertThat(goAway).as("GOAWAY").isNotNull();
        assertThat(Http2.errorName(goAway.errorCode())).isEqualTo(Http2.errorName(Http2.ENHANCE_YOUR_CALM));
        assertThat(client.closedByServer()).isTrue();
    }

    private static void assertStillServes(ConformanceServer server) throws IOException {
        try (H2TestClient other = H2TestClient.connect(server.port())) {
            assertThat(other.get("/hello").text()).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void rapidResetEndsTheConnection(Model model) throws Exception { // CVE-2023-44487
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            for (int i = 0; i < 200; i++) {
                int id = client.nextStreamId();
                client.headers(id, H2TestClient.request("GET", "/slow?ms=50"), true);
                client.rst(id, Http2.CANCEL);
            }
            assertCalmedDown(client);
        }
        assertStillServes(server);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void anEndlessHeaderBlockEndsTheConnection(Model model) throws Exception { // CONTINUATION flood, 2024
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            client.frame(Http2.HEADERS, 0, 1, new byte[]{(byte) 0x82});
            byte[] junk = new byte[16_000];
            java.util.Arrays.fill(junk, (byte) 0x40);
            try {
                for (int i = 0; i < 100; i++) client.frame(Http2.CONTINUATION, 0, 1, junk);
            } catch (IOException closedWhileSending) {
                // the server stopped reading us: what it said before is still to be read
            }
            assertCalmedDown(client);
        }
        assertStillServes(server);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void emptyContinuationFramesEndTheConnection(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            client.frame(Http2.HEADERS, 0, 1, new byte[]{(byte) 0x82});
            for (int i = 0; i < 1000; i++) client.frame(Http2.CONTINUATION, 0, 1, new byte[0]);
            assertCalmedDown(client);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void anHpackBombIsRefusedWith431AndTheConnectionGoesOn(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            // One 1 KB field in the dynamic table, then a block that names it 100 times: 100 KB decoded from ~100 bytes.
            int id = client.nextStreamId();
            List<String[]> fields = H2TestClient.request("GET", "/hello");
            fields.add(new String[]{"x-big", "v".repeat(1000)});
            client.headers(id, fields, true);
            assertThat(client.response(id).status()).isEqualTo(200);
            int bomb = client.nextStreamId();
            List<String[]> many = H2TestClient.request("GET", "/hello");
            for (int i = 0; i < 100; i++) many.add(new String[]{"x-big", "v".repeat(1000)});
            client.headers(bomb, many, true);
            assertThat(client.response(bomb).status()).isEqualTo(431);
            assertThat(client.get("/hello").text()).isEqualTo("hello"); // HPACK state stayed in step
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aPingFloodEndsTheConnection(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            try {
                for (int i = 0; i < 2000; i++) client.ping(i);
            } catch (IOException closedWhileSending) {
                // fine: it stopped listening
            }
            assertCalmedDown(client);
        }
        assertStillServes(server);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aSettingsFloodEndsTheConnection(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            try {
                for (int i = 0; i < 2000; i++) client.settings(new Settings());
            } catch (IOException closedWhileSending) {
                // fine
            }
            assertCalmedDown(client);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.barista.protocol.http2.Http2ServingTest#blockingCapable")
    void moreStreamsThanAllowedAreRefused(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        Gate gate = servers.gate();
        try (H2TestClient client = H2TestClient.connect(server.port())) {
            int[] ids = new int[5];
            for (int i = 0; i < 5; i++) { // the limit is 4
                ids[i] = client.nextStreamId();
                client.headers(ids[i], H2TestClient.request("GET", gate.path(i)), true);
            }
            assertThat(client.response(ids[4]).resetCode()).isEqualTo(Http2.REFUSED_STREAM);
            gate.release();
            for (int i = 0; i < 4; i++) assertThat(client.response(ids[i]).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aClientThatKeepsItsWindowShutIsClosedAtTheWriteTimeout(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        Settings noWindow = new Settings().set(Http2.INITIAL_WINDOW_SIZE, 0);
        try (H2TestClient client = H2TestClient.connect(server.port(), noWindow)) {
            client.autoWindow = false;
            int id = client.nextStreamId();
            client.headers(id, H2TestClient.request("GET", "/large/bytes"), true);
            // Nothing can be sent; after the write timeout (1.5 s) the server gives up on it.
            assertThat(client.until(f -> f.type() == Http2.GOAWAY || f.type() == Http2.RST_STREAM)).isNotNull();
            assertThat(client.closedByServer()).isTrue();
        }
        assertStillServes(server);
    }
}
