package dev.barista.protocol.http2;

import dev.barista.conformance.ConformanceServer;
import dev.barista.conformance.ConformanceServers;
import dev.barista.model.Model;
import dev.barista.testing.Models;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9113's MUSTs, sent as raw frames to every model: what is a connection error (GOAWAY with the code the RFC
 * names, then the end of the connection), what is a stream error (RST_STREAM, the connection goes on), and what
 * must be ignored. One test per rule, each naming its section.
 */
@Timeout(60)
class Http2RulesTest {

    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    private static H2TestClient client(Model model) throws Exception {
        ConformanceServer server = servers.server(model);
        return H2TestClient.connect(server.port());
    }

    private static void assertGoAway(H2TestClient client, int code) throws Exception {
        H2TestClient.Frame goAway = client.goAway();
        assertThat(goAway).as("GOAWAY").isNotNull();
        assertThat(Http2.errorName(goAway.errorCode())).isEqualTo(Http2.errorName(code));
        assertThat(client.closedByServer()).as("closed after GOAWAY").isTrue();
    }

    /** Sends a request with these header fields and expects a stream error, then a working connection. */
    private static void assertMalformed(Model model, List<String[]> fields) throws Exception {
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            client.headers(id, fields, true);
            assertThat(client.response(id).resetCode()).isEqualTo(Http2.PROTOCOL_ERROR);
            assertThat(client.get("/hello").text()).isEqualTo("hello");
        }
    }

    private static List<String[]> with(String name, String value) {
        List<String[]> fields = H2TestClient.request("GET", "/hello");
        fields.add(new String[]{name, value});
        return fields;
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aWrongPrefaceIsAConnectionError(Model model) throws Exception { // 3.4
        ConformanceServer server = servers.server(model);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes());
            assertThat(socket.getInputStream().readAllBytes()).isNotEmpty(); // a SETTINGS, a GOAWAY, then EOF
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pingIsAnsweredWithItsData(Model model) throws Exception { // 6.7
        try (H2TestClient client = client(model)) {
            client.ping(0x0123456789abcdefL);
            H2TestClient.Frame ack = client.until(f -> f.type() == Http2.PING);
            assertThat(ack.flags() & Http2.ACK).isEqualTo(Http2.ACK);
            assertThat(ByteBuffer.wrap(ack.payload()).getLong()).isEqualTo(0x0123456789abcdefL);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void unknownFrameTypesAreIgnored(Model model) throws Exception { // 4.1, 5.5
        try (H2TestClient client = client(model)) {
            client.frame(0x42, 0, 0, new byte[]{1, 2, 3});
            client.frame(0x43, 0, 1, new byte[8]);
            assertThat(client.get("/hello").text()).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aFrameLargerThanMaxFrameSizeIsAFrameSizeError(Model model) throws Exception { // 4.2
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            List<String[]> fields = H2TestClient.request("POST", "/echo");
            client.headers(id, fields, false);
            client.data(id, new byte[16_385], true);
            assertGoAway(client, Http2.FRAME_SIZE_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void dataOnAnIdleStreamIsAProtocolError(Model model) throws Exception { // 5.1
        try (H2TestClient client = client(model)) {
            client.data(5, new byte[10], true);
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void anEvenStreamIdFromTheClientIsAProtocolError(Model model) throws Exception { // 5.1.1
        try (H2TestClient client = client(model)) {
            client.headers(2, H2TestClient.request("GET", "/hello"), true);
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void headersOnAClosedStreamIsAStreamClosedError(Model model) throws Exception { // 5.1
        try (H2TestClient client = client(model)) {
            assertThat(client.get("/hello").status()).isEqualTo(200); // stream 1, now closed
            client.headers(1, H2TestClient.request("GET", "/hello"), true);
            assertGoAway(client, Http2.STREAM_CLOSED);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aFrameInsideAHeaderBlockIsAProtocolError(Model model) throws Exception { // 6.2, 6.10
        try (H2TestClient client = client(model)) {
            client.frame(Http2.HEADERS, 0, 1, new byte[]{(byte) 0x82}); // :method GET, no END_HEADERS
            client.ping(1);
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void continuationWithoutHeadersIsAProtocolError(Model model) throws Exception { // 6.10
        try (H2TestClient client = client(model)) {
            client.frame(Http2.CONTINUATION, Http2.END_HEADERS, 1, new byte[]{(byte) 0x82});
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pushPromiseFromAClientIsAProtocolError(Model model) throws Exception { // 8.4
        try (H2TestClient client = client(model)) {
            client.frame(Http2.PUSH_PROMISE, Http2.END_HEADERS, 1, new byte[]{0, 0, 0, 2, (byte) 0x82});
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aZeroWindowUpdateOnTheConnectionIsAProtocolError(Model model) throws Exception { // 6.9
        try (H2TestClient client = client(model)) {
            client.frame(Http2.WINDOW_UPDATE, 0, 0, new byte[4]); // the writer refuses to make it
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aConnectionWindowPast2To31IsAFlowControlError(Model model) throws Exception { // 6.9.1
        try (H2TestClient client = client(model)) {
            client.windowUpdate(0, Integer.MAX_VALUE);
            assertGoAway(client, Http2.FLOW_CONTROL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aBadSettingsValueIsAProtocolError(Model model) throws Exception { // 6.5.2
        try (H2TestClient client = client(model)) {
            client.frame(Http2.SETTINGS, 0, 0, new byte[]{0, (byte) Http2.ENABLE_PUSH, 0, 0, 0, 2});
            assertGoAway(client, Http2.PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void uppercaseFieldNamesAreMalformed(Model model) throws Exception { // 8.2.1
        assertMalformed(model, with("X-Upper", "1"));
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void connectionSpecificFieldsAreMalformed(Model model) throws Exception { // 8.2.2
        assertMalformed(model, with("connection", "keep-alive"));
        assertMalformed(model, with("transfer-encoding", "chunked"));
        assertMalformed(model, with("te", "gzip"));
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void teTrailersIsAllowed(Model model) throws Exception { // 8.2.2
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            client.headers(id, with("te", "trailers"), true);
            assertThat(client.response(id).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void pseudoHeaderRulesAreEnforced(Model model) throws Exception { // 8.3
        List<String[]> afterRegular = H2TestClient.request("GET", "/hello");
        afterRegular.add(1, new String[]{"accept", "*/*"});
        assertMalformed(model, afterRegular);
        List<String[]> noPath = H2TestClient.request("GET", "/hello");
        noPath.removeIf(f -> f[0].equals(":path"));
        assertMalformed(model, noPath);
        assertMalformed(model, with(":method", "GET")); // repeated (and after a regular one)
        List<String[]> unknown = H2TestClient.request("GET", "/hello");
        unknown.add(0, new String[]{":status", "200"});
        assertMalformed(model, unknown);
        assertMalformed(model, H2TestClient.request("GET", ""));
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aContentLengthThatDisagreesWithTheDataIsMalformed(Model model) throws Exception { // 8.1.1
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            List<String[]> fields = H2TestClient.request("POST", "/echo");
            fields.add(new String[]{"content-length", "10"});
            client.headers(id, fields, false);
            client.data(id, new byte[4], true);
            assertThat(client.response(id).resetCode()).isEqualTo(Http2.PROTOCOL_ERROR);
            assertThat(client.get("/hello").text()).isEqualTo("hello");
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void splitCookiesReachTheHandlerJoined(Model model) throws Exception { // 8.2.3
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            List<String[]> fields = H2TestClient.request("GET", "/hello");
            fields.add(new String[]{"cookie", "a=1"});
            fields.add(new String[]{"accept", "*/*"});
            fields.add(new String[]{"cookie", "b=2"});
            client.headers(id, fields, true);
            assertThat(client.response(id).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @MethodSource(Models.EVERY)
    void aResetStreamIsForgottenAndTheConnectionGoesOn(Model model) throws Exception { // 6.4
        try (H2TestClient client = client(model)) {
            int id = client.nextStreamId();
            client.headers(id, H2TestClient.request("GET", "/slow?ms=300"), true);
            client.rst(id, Http2.CANCEL);
            assertThat(client.get("/hello").text()).isEqualTo("hello");
        }
    }
}
