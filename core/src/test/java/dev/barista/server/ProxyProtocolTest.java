package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Request;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import dev.barista.transport.tls.TlsFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A listener with {@code proxyProtocol(true)} reads a PROXY protocol header (v1 text or v2 binary) before the
 * first request, over a real socket, and its source becomes the connection's remote address for every request
 * on it; a connection that does not start with one is closed without a byte of answer. With trusted proxies set,
 * a header from any other peer is read and ignored.
 */
class ProxyProtocolTest {
    private final ServerFixture fx = new ServerFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private Server start(Model model, String... trustedProxies) throws IOException {
        Server.Builder builder = ServerFixture.builder().model(model).proxyProtocol(true)
                .get("/whoami", request -> Response.text(whoami(request)));
        if (trustedProxies.length > 0) builder.trustedProxies(trustedProxies);
        return fx.start(builder);
    }

    private static String whoami(Request request) {
        return "remote=" + text(request.remoteAddress()) + " local=" + text(request.localAddress())
                + " peer=" + text(request.connection().peerAddress()) + " client=" + text(request.clientAddress());
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    private static final String V1 = "PROXY TCP4 203.0.113.9 192.0.2.1 56324 443\r\n";
    private static final String FROM_V1 = "remote=203.0.113.9:56324 local=192.0.2.1:443";

    /** A v2 PROXY header for TCP between these addresses (IPv4 or IPv6, both the same family). */
    static byte[] v2(InetSocketAddress source, InetSocketAddress destination) {
        byte[] src = source.getAddress().getAddress();
        byte[] dst = destination.getAddress().getAddress();
        boolean v4 = src.length == 4;
        ByteBuffer b = ByteBuffer.allocate(16 + 2 * src.length + 4);
        b.put(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21);                       // version 2, PROXY
        b.put((byte) (v4 ? 0x11 : 0x21));         // INET or INET6, STREAM
        b.putShort((short) (2 * src.length + 4));
        b.put(src).put(dst).putShort((short) source.getPort()).putShort((short) destination.getPort());
        return b.array();
    }

    /** A v2 LOCAL header (a health check from the proxy itself): no addresses to take. */
    static byte[] v2Local() {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put(new byte[]{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
        return b.array();
    }

    private static byte[] concat(byte[] a, String b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static InetSocketAddress at(String address, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aV1HeaderSetsTheAddressesOfEveryRequestOnTheConnection(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        String peer = "peer=127.0.0.1:" + client.socket().getLocalPort();

        RawResponse first = client.send(V1 + RawClient.get("/whoami")).read();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.bodyText()).startsWith(FROM_V1).contains(peer, "client=203.0.113.9:56324");
        // Only the connection's first bytes are a header: the next request is plain HTTP with the same addresses.
        assertThat(client.send(RawClient.get("/whoami")).read().bodyText()).startsWith(FROM_V1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aV2HeaderSetsTheAddressesForIpv4AndIpv6(Model model) throws Exception {
        start(model);
        RawResponse v4 = fx.raw().send(concat(v2(at("198.51.100.20", 40000), at("192.0.2.5", 8443)),
                RawClient.get("/whoami"))).read();
        assertThat(v4.bodyText()).startsWith("remote=198.51.100.20:40000 local=192.0.2.5:8443");

        RawResponse v6 = fx.raw().send(concat(v2(at("2001:db8::7", 51000), at("2001:db8::1", 443)),
                RawClient.get("/whoami"))).read();
        assertThat(v6.bodyText()).startsWith("remote=2001:db8:0:0:0:0:0:7:51000 local=2001:db8:0:0:0:0:0:1:443");

        // LOCAL: the proxy speaking for itself; the connection's own addresses stay.
        RawClient health = fx.raw();
        RawResponse local = health.send(concat(v2Local(), RawClient.get("/whoami"))).read();
        assertThat(local.bodyText()).startsWith("remote=127.0.0.1:" + health.socket().getLocalPort());
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aConnectionWithoutAHeaderIsClosedWithNoAnswer(Model model) throws Exception {
        Server server = start(model);
        RawClient plain = fx.raw();
        plain.send(RawClient.get("/whoami"));
        // closedWithin fails the test if any byte arrives first.
        assertThat(plain.closedWithin(Duration.ofSeconds(5))).isTrue();

        RawClient garbage = fx.raw();
        garbage.send("PROXY TCP4 not-an-address 192.0.2.1 1 2\r\n" + RawClient.get("/whoami"));
        assertThat(garbage.closedWithin(Duration.ofSeconds(5))).isTrue();

        Await.until("both connections closed", () -> server.stats().openConnections.get() == 0);
        assertThat(server.stats().closedBy(CloseReason.PROTOCOL_ERROR)).isEqualTo(2);
        // The listener still serves connections that speak the protocol.
        assertThat(fx.raw().send(V1 + RawClient.get("/whoami")).read().status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aHeaderFromAPeerThatIsNotATrustedProxyIsReadAndIgnored(Model model) throws Exception {
        start(model, "10.0.0.0/8");
        RawClient client = fx.raw();
        String us = "127.0.0.1:" + client.socket().getLocalPort();

        RawResponse response = client.send(V1 + RawClient.get("/whoami")).read();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).startsWith("remote=" + us).contains("client=" + us)
                .doesNotContain("203.0.113.9");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aHeaderFromATrustedPeerIsBelievedAndForwardingFieldsFromItsClientAreNot(Model model) throws Exception {
        start(model, "127.0.0.1");
        // The header names the client; the client's own X-Forwarded-For is then judged against the client, whom
        // nobody trusts.
        RawResponse response = fx.raw().send(V1 + "GET /whoami HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n")
                .read();
        assertThat(response.bodyText()).startsWith(FROM_V1).contains("client=203.0.113.9:56324");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aHeaderSplitOverManyWritesIsReadWhole(Model model) throws Exception {
        start(model);
        RawClient v1 = fx.raw();
        for (byte b : V1.getBytes(StandardCharsets.US_ASCII)) {
            v1.send(new byte[]{b});
            Thread.sleep(1); // separate segments, so that the server sees the header arrive in pieces
        }
        assertThat(v1.send(RawClient.get("/whoami")).read().bodyText()).startsWith(FROM_V1);

        byte[] header = v2(at("198.51.100.20", 40000), at("192.0.2.5", 8443));
        RawClient v2 = fx.raw();
        for (int[] cut : new int[][]{{0, 5}, {5, 13}, {13, 16}, {16, header.length}}) {
            v2.send(java.util.Arrays.copyOfRange(header, cut[0], cut[1]));
            Thread.sleep(5);
        }
        assertThat(v2.send(RawClient.get("/whoami")).read().bodyText())
                .startsWith("remote=198.51.100.20:40000 local=192.0.2.5:8443");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void requestsPipelinedRightAfterTheHeaderAreAllServed(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send(V1 + RawClient.get("/whoami") + RawClient.get("/whoami") + RawClient.get("/whoami"));
        for (int i = 0; i < 3; i++) {
            RawResponse response = client.read();
            assertThat(response.status()).as("response " + i).isEqualTo(200);
            assertThat(response.bodyText()).as("response " + i).startsWith(FROM_V1);
        }
        assertThat(client.quietFor(Duration.ofMillis(50))).isTrue();

        RawClient binary = fx.raw();
        binary.send(concat(v2(at("198.51.100.20", 40000), at("192.0.2.5", 8443)),
                RawClient.get("/whoami") + RawClient.get("/whoami")));
        assertThat(binary.read().bodyText()).startsWith("remote=198.51.100.20:40000");
        assertThat(binary.read().bodyText()).startsWith("remote=198.51.100.20:40000");
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aHeaderBeforeTheTlsHandshakeSetsTheAddressesOfHttpsRequests(Model model) throws Exception {
        Server server = fx.start(ServerFixture.builder().model(model).proxyProtocol(true)
                .tls(TlsConfig.selfSigned().build(), 0)
                .get("/whoami", request -> Response.text(whoami(request) + " scheme=" + request.scheme())));
        SSLContext trusting = TlsFixtures.clientTrusting(server.config().tls().selfSignedCertificate().orElseThrow());
        // A balancer passing TLS through (HAProxy "send-proxy", AWS NLB) writes the header, then the client's bytes.
        try (Socket tcp = new Socket("127.0.0.1", server.securePort())) {
            tcp.getOutputStream().write(V1.getBytes(StandardCharsets.US_ASCII));
            try (SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(tcp, "127.0.0.1",
                    server.securePort(), false)) {
                tls.setSoTimeout(10_000);
                tls.getOutputStream().write(RawClient.get("/whoami").getBytes(StandardCharsets.US_ASCII));
                String answer = readAnswer(tls);
                assertThat(answer).startsWith("HTTP/1.1 200").contains(FROM_V1, "scheme=https",
                        "peer=127.0.0.1:" + tcp.getLocalPort());
            }
        }
        // A TLS client that sends no header is closed before its handshake, as a cleartext one is before a request.
        try (Socket tcp = new Socket("127.0.0.1", server.securePort());
             SSLSocket tls = (SSLSocket) trusting.getSocketFactory().createSocket(tcp, "127.0.0.1",
                     server.securePort(), false)) {
            tls.setSoTimeout(10_000);
            assertThatThrownBy(tls::startHandshake).isInstanceOf(IOException.class);
        }
        Await.until("the TLS client without a header counted",
                () -> server.stats().closedBy(CloseReason.PROTOCOL_ERROR) == 1);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aHeaderThatStopsArrivingIsClosedAtTheRequestHeadTimeout(Model model) throws Exception {
        Server server = fx.start(ServerFixture.builder().model(model).proxyProtocol(true)
                .timeouts(new Timeouts(Duration.ofSeconds(60), Duration.ofMillis(400), Duration.ofSeconds(60),
                        Duration.ofSeconds(60), Duration.ofSeconds(2)))
                .get("/whoami", request -> Response.text(whoami(request))));
        RawClient slow = fx.raw();
        slow.send("PROXY TCP4 203.0.113.9 ");
        assertThat(slow.closedWithin(Duration.ofSeconds(10))).isTrue();
        Await.until("the stalled header counted as a request timeout",
                () -> server.stats().closedBy(CloseReason.REQUEST_TIMEOUT) == 1 && server.stats().timeouts.sum() == 1);
    }

    /** Reads an HTTP/1.1 answer with a Content-Length body to its end. */
    private static String readAnswer(SSLSocket tls) throws IOException {
        var in = tls.getInputStream();
        StringBuilder text = new StringBuilder();
        int contentLength = -1;
        int headEnd = -1;
        while (headEnd < 0 || text.length() < headEnd + contentLength) {
            int b = in.read();
            if (b < 0) break;
            text.append((char) b);
            if (headEnd < 0 && text.toString().endsWith("\r\n\r\n")) {
                headEnd = text.length();
                var m = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
                contentLength = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
        }
        return text.toString();
    }
}
