package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each limit over a real socket, with its one answer: 414, 431, 413, and 400 for a chunk line, always with
 * the connection closed; a message at the limit passes. And 503 for one connection too many.
 */
@Timeout(60)
class LimitsTest {
    /** Request line 64, header section 256, 5 fields, body 1000, chunk line 64. */
    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers("limits=64,256,5,1000,64");

    private static void assertRefused(RawClient client, int status) throws IOException {
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void requestLineAtTheLimitPassesAndBeyondItGets414(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        String prefix = "GET /n/";
        String suffix = " HTTP/1.1";
        String fits = prefix + "a".repeat(64 - prefix.length() - suffix.length()) + suffix;
        assertThat(fits).hasSize(64);
        RawClient ok = server.raw();
        assertThat(ok.send(fits + "\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);

        RawClient tooLong = server.raw();
        tooLong.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRefused(tooLong, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void requestLineThatNeverEndsGets414WithoutWaitingForItsEnd(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send("GET /" + "a".repeat(500));
        assertRefused(client, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void headerSectionTooLargeGets431(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(300) + "\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void tooManyHeaderFieldsGets431(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient ok = server.raw();
        assertThat(ok.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n").read().status())
                .isEqualTo(200);
        RawClient client = server.raw();
        client.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void bodyTooLargeGets413WhetherDeclaredOrChunked(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        RawClient ok = server.raw();
        ok.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "b".repeat(1000));
        assertThat(ok.read().bodyText()).isEqualTo("b".repeat(1000));

        RawClient declared = server.raw();
        declared.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n" + "b".repeat(1001));
        assertRefused(declared, 413);

        RawClient chunked = server.raw();
        chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1f4\r\n" + "c".repeat(500) + "\r\n" + "1f5\r\n" + "c".repeat(501) + "\r\n0\r\n\r\n");
        assertRefused(chunked, 413);
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void messagesAtEveryLimitPassOnOneConnection(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        String prefix = "GET /n/";
        String suffix = " HTTP/1.1";
        String fits = prefix + "a".repeat(64 - prefix.length() - suffix.length()) + suffix;
        assertThat(client.send(fits + "\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        assertThat(client.send("GET /n/1 HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n").read().status())
                .isEqualTo(200);
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + "b".repeat(1000));
        assertThat(client.read().bodyText()).isEqualTo("b".repeat(1000));
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1f4\r\n" + "c".repeat(500) + "\r\n" + "1f4\r\n" + "c".repeat(500) + "\r\n0\r\n\r\n");
        assertThat(client.read().bodyText()).isEqualTo("c".repeat(1000));
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void chunkLineBeyondTheLimitGets400(Model model) throws Exception {
        RawClient client = servers.server(model).raw();
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=" + "e".repeat(100) + "\r\nhello\r\n0\r\n\r\n");
        assertRefused(client, 400);
    }

    /**
     * Every model with a connection limit. Process-per-connection has none of its own: each child serves one
     * connection, and at its cap of live children the parent stops accepting ({@link OverloadTest}).
     */
    static List<Model> modelsWithAConnectionLimit() {
        return Models.every().stream().filter(m -> !m.name().equals("process-per-connection")).toList();
    }

    @ParameterizedTest
    @MethodSource("modelsWithAConnectionLimit")
    void connectionBeyondMaxConnectionsGets503AndASlotFreesUp(Model model) throws Exception {
        // One prefork worker, so that every connection reaches the same one (the limit is a worker's).
        ConformanceServer server = servers.server(model, "maxConnections=5", "workers=8,8", "processes=1");
        List<RawClient> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawClient client = server.raw();
            // A full exchange proves the server holds this connection before the next one comes.
            assertThat(client.send(RawClient.get("/n/" + i)).read().status()).isEqualTo(200);
            open.add(client);
        }
        RawClient sixth = server.raw();
        RawResponse refused = sixth.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(sixth.closedWithin(Duration.ofSeconds(3))).isTrue();
        if (server instanceof InProcessServer local) assertThat(local.stats().refusedConnections.sum()).isEqualTo(1);

        // The five are unaffected.
        for (RawClient client : open) assertThat(client.send(RawClient.get("/n/x")).read().status()).isEqualTo(200);

        // Once one of them leaves (and the server has noticed), a newcomer is served.
        open.getFirst().close();
        if (server instanceof InProcessServer local) {
            Await.until("the server to notice the closed connection", () -> local.stats().openConnections.get() < 5);
            assertThat(server.raw().send(RawClient.get("/n/next")).read().status()).isEqualTo(200);
        } else {
            // A child JVM's counters are not at hand: try until a newcomer is served (a refused one gets 503).
            Await.until("a new connection to be served", Duration.ofSeconds(10), () -> {
                try (RawClient next = RawClient.connect(server.port())) {
                    return next.send(RawClient.get("/n/next")).read().status() == 200;
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }
}
