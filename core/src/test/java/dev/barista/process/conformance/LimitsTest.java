package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message limits under the multi-process models, as {@code dev.barista.server.LimitsTest} checks them
 * in-process, each with its one answer: 414, 431, 413, and 400 for a chunk line, always with the connection
 * closed; a message at the limit passes. (Connections beyond a limit are {@link OverloadTest}'s.)
 */
@Timeout(60)
class LimitsTest {
    /** Request line 64, header section 256, 5 fields, body 1000, chunk line 64. */
    private static final ServerProcesses servers = new ServerProcesses("limits=64,256,5,1000,64");

    @AfterEach
    void closeClients() {
        servers.closeClients();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    private static void assertRefused(RawClient client, int status) throws IOException {
        RawResponse response = client.read();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(client.closedWithin(Duration.ofSeconds(3))).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void messagesAtEveryLimitPass(Model model) throws Exception {
        RawClient client = servers.raw(model);
        String prefix = "GET /n/";
        String suffix = " HTTP/1.1";
        String fits = prefix + "a".repeat(64 - prefix.length() - suffix.length()) + suffix;
        assertThat(fits).hasSize(64);
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
    @MethodSource(Models.MULTI_PROCESS)
    void requestLineBeyondTheLimitGets414(Model model) throws Exception {
        RawClient tooLong = servers.raw(model);
        tooLong.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertRefused(tooLong, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void requestLineThatNeverEndsGets414WithoutWaitingForItsEnd(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("GET /" + "a".repeat(500));
        assertRefused(client, 414);
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void headerSectionTooLargeGets431(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "v".repeat(300) + "\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void tooManyHeaderFieldsGets431(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n");
        assertRefused(client, 431);
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void bodyTooLargeGets413WhetherDeclaredOrChunked(Model model) throws Exception {
        RawClient declared = servers.raw(model);
        declared.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n" + "b".repeat(1001));
        assertRefused(declared, 413);

        RawClient chunked = servers.raw(model);
        chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "1f4\r\n" + "c".repeat(500) + "\r\n" + "1f5\r\n" + "c".repeat(501) + "\r\n0\r\n\r\n");
        assertRefused(chunked, 413);
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void chunkLineBeyondTheLimitGets400(Model model) throws Exception {
        RawClient client = servers.raw(model);
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=" + "e".repeat(100) + "\r\nhello\r\n0\r\n\r\n");
        assertRefused(client, 400);
    }
}
