package dev.barista.http;

import static dev.barista.http.EmbeddedParser.parseEveryWay;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether the connection may persist after a request (RFC 9112 9.3): HTTP/1.1 persists unless "close" is among
 * the Connection options; HTTP/1.0 persists only with "keep-alive" and no "close".
 */
class PersistenceTest {

    static Stream<Arguments> persistence() {
        return Stream.of(
                Arguments.of("HTTP/1.1", "", true),
                Arguments.of("HTTP/1.1", "Connection: keep-alive\r\n", true),
                Arguments.of("HTTP/1.1", "Connection: close\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: Close\r\n", false),
                Arguments.of("HTTP/1.1", "connection: CLOSE\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: keep-alive, close\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: close, keep-alive\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: upgrade,close\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: foo ,\tclose\t, bar\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: keep-alive\r\nConnection: close\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: foo\r\nAccept: */*\r\nCONNECTION: bar, close\r\n", false),
                Arguments.of("HTTP/1.1", "Connection: closed\r\n", true),
                Arguments.of("HTTP/1.1", "Connection: xclose\r\n", true),
                Arguments.of("HTTP/1.1", "Connection: \"close\"\r\n", true),
                Arguments.of("HTTP/1.1", "X-Connection: close\r\n", true),
                Arguments.of("HTTP/1.1", "Proxy-Connection: close\r\n", true),
                Arguments.of("HTTP/1.1", "Connection:\r\n", true),
                Arguments.of("HTTP/1.0", "", false),
                Arguments.of("HTTP/1.0", "Connection: keep-alive\r\n", true),
                Arguments.of("HTTP/1.0", "Connection: Keep-Alive\r\n", true),
                Arguments.of("HTTP/1.0", "Connection: foo, keep-alive\r\n", true),
                Arguments.of("HTTP/1.0", "Connection: foo\r\nConnection: keep-alive\r\n", true),
                Arguments.of("HTTP/1.0", "Connection: keep-alive, close\r\n", false),
                Arguments.of("HTTP/1.0", "Connection: keep-alive\r\nConnection: close\r\n", false),
                Arguments.of("HTTP/1.0", "Connection: foo\r\nAccept: */*\r\nConnection: keep-alive\r\n", true),
                Arguments.of("HTTP/1.0", "Connection: close\r\n", false),
                Arguments.of("HTTP/1.0", "Connection: keepalive\r\n", false),
                Arguments.of("HTTP/1.0", "Keep-Alive: timeout=5\r\n", false));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> keepAlive={2}")
    @MethodSource("persistence")
    void decidesPersistenceFromVersionAndConnectionOptions(String version, String fields, boolean keepAlive) {
        RequestHead h = parseEveryWay("GET / " + version + "\r\nHost: h\r\n" + fields + "\r\n").head();
        assertThat(h.keepAlive()).isEqualTo(keepAlive);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> keepAlive={2}")
    @MethodSource("persistence")
    void persistenceDoesNotDependOnTheBody(String version, String fields, boolean keepAlive) {
        RequestHead h = parseEveryWay("POST / " + version + "\r\nHost: h\r\n" + fields
                + "Content-Length: 2\r\n\r\nok").head();
        assertThat(h.keepAlive()).isEqualTo(keepAlive);
    }
}
