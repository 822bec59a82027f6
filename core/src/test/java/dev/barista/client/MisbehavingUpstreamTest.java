package dev.barista.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against raw sockets that break the protocol: it fails the request, closes, and leaks nothing. */
class MisbehavingUpstreamTest {
    private final ClientFixture cx = new ClientFixture();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        cx.close();
        for (AutoCloseable s : servers) s.close();
    }

    private Upstream upstream(RawUpstream.Behaviour behaviour, ClientConfig config) throws IOException {
        RawUpstream raw = new RawUpstream(behaviour);
        servers.add(raw);
        return cx.client(config).upstream("127.0.0.1", raw.port());
    }

    private Upstream upstream(RawUpstream.Behaviour behaviour) throws IOException {
        return upstream(behaviour, ClientFixture.TEST_CONFIG);
    }

    private static RawUpstream.Behaviour answers(String response) {
        return s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, response);
            Thread.sleep(2000); // keep the socket open: the client decides when to close
        };
    }

    private static void assertClosedAndQuiet(Upstream up) {
        ClientFixture.assertQuiet(up);
        assertThat(up.stats().openConnections()).isZero();
    }

    @Test
    void garbageStatusLineIsMalformed() throws Exception {
        Upstream up = upstream(answers("SSH-2.0-OpenSSH_9.6\r\n\r\n"));
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("Malformed status line");
        assertClosedAndQuiet(up);
    }

    @Test
    void transferEncodingWithContentLengthIsMalformed() throws Exception {
        Upstream up = upstream(answers("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"));
        assertThatThrownBy(() -> up.send(ClientRequest.get("/")))
                .isInstanceOfSatisfying(MalformedResponseException.class,
                        e -> assertThat(e.error().reason()).isEqualTo("Both Transfer-Encoding and Content-Length"));
        assertClosedAndQuiet(up);
    }

    @Test
    void truncatedBodyThenCloseFails() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        });
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("truncated");
        assertClosedAndQuiet(up);
    }

    @Test
    void closeMidChunkedBodyFails() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
        });
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(MalformedResponseException.class);
        assertClosedAndQuiet(up);
    }

    @Test
    void closeBeforeAnyResponseFails() throws Exception {
        Upstream up = upstream(RawUpstream::readHead);
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(IOException.class)
                .hasMessageContaining("before responding");
        assertClosedAndQuiet(up);
    }

    @Test
    void bodyUntilCloseIsAccepted() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.0 200 OK\r\n\r\nthe whole body");
        });
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("the whole body");
        assertClosedAndQuiet(up);
    }

    @Test
    void neverAnsweringTimesOut() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            Thread.sleep(5000);
        }, ClientFixture.TEST_CONFIG.withRequestTimeout(Duration.ofMillis(200)));
        assertThatThrownBy(() -> up.send(ClientRequest.get("/")))
                .isInstanceOfSatisfying(ClientTimeoutException.class,
                        e -> assertThat(e.phase()).isEqualTo(ClientTimeoutException.Phase.REQUEST));
        assertClosedAndQuiet(up);
    }

    @Test
    void slowlorisResponseTimesOut() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            for (char c : "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".toCharArray()) {
                RawUpstream.write(s, String.valueOf(c));
                Thread.sleep(20);
            }
            for (int i = 0; i < 1000; i++) {
                RawUpstream.write(s, "x");
                Thread.sleep(20);
            }
        }, ClientFixture.TEST_CONFIG.withRequestTimeout(Duration.ofMillis(500)));
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(ClientTimeoutException.class);
        assertClosedAndQuiet(up);
    }

    @Test
    void twoResponsesToOneRequestEndTheConnection() throws Exception {
        RawUpstream raw = new RawUpstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
            Thread.sleep(2000);
        });
        servers.add(raw);
        Upstream up = cx.client().upstream("127.0.0.1", raw.port());
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("first");
        // The unasked-for second response is never handed to the next request: that one gets a new connection.
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("first");
        assertThat(raw.accepted.get()).isEqualTo(2);
        ClientFixture.assertQuiet(up);
    }

    @Test
    void unsolicitedBytesOnAnIdleConnectionCloseIt() throws Exception {
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            Thread.sleep(200);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");
            Thread.sleep(2000);
        });
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("ok");
        assertThat(up.stats().idleConnections()).isEqualTo(1);
        dev.barista.testing.Await.until("the idle connection closed", Duration.ofSeconds(3),
                () -> up.stats().openConnections() == 0);
        assertClosedAndQuiet(up);
    }

    @Test
    void serverThatClosesKeepAliveConnectionsAfterEachResponseIsHandled() throws Exception {
        // Answers one request per connection claiming keep-alive, then closes: the client notices the close of the
        // pooled connection (or meets it dead and sends the GET again once) and the next request still succeeds.
        Upstream up = upstream(s -> {
            RawUpstream.readHead(s);
            RawUpstream.write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            s.shutdownInput();
        });
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("ok");
        assertThat(up.send(ClientRequest.get("/")).bodyText()).isEqualTo("ok");
        ClientFixture.assertQuiet(up);
    }

    @Test
    void connectThatNeverCompletesTimesOut() throws Exception {
        // A listener that never accepts, with its backlog filled: further SYNs are dropped, so connect hangs.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket f = new Socket();
                    try {
                        f.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(f);
                    } catch (IOException e) {
                        f.close();
                        break; // the backlog is full
                    }
                }
                Upstream up = cx.client(ClientFixture.TEST_CONFIG.withConnectTimeout(Duration.ofMillis(300)))
                        .upstream("127.0.0.1", full.getLocalPort());
                assertThatThrownBy(() -> up.send(ClientRequest.get("/")))
                        .isInstanceOfSatisfying(ClientTimeoutException.class,
                                e -> assertThat(e.phase()).isEqualTo(ClientTimeoutException.Phase.CONNECT));
                assertClosedAndQuiet(up);
            } finally {
                for (Socket f : fillers) f.close();
            }
        }
    }
}
