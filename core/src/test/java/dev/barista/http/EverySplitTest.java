package dev.barista.http;

import static dev.barista.http.EmbeddedParser.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.barista.http.EmbeddedParser.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec's central promise: however the bytes are cut into reads, the messages are the same. Each input is
 * parsed whole, byte by byte, split at every single index, split at every pair of indices, in a buffer that is
 * never compacted, and with different bytes beyond the limit; every way must agree with the whole parse.
 */
class EverySplitTest {

    static Stream<String> inputs() {
        return Stream.of(
                "GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                "\r\n\r\nGET /lead HTTP/1.1\r\nHost: h\r\n\r\n",
                "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET http://a.test:80/p?q=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello\r\nworld",
                "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;ext=\"q;\\\"x\"\r\nhello\r\nA\r\n0123456789\r\n0\r\nTrailer: t\r\n\r\n",
                "PUT /e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
                "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n",
                "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nokPOST /b HTTP/1.1\r\nHost: h\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\nHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\r\nX:  \tcaf\u00e9 \t \r\nConnection: a, close\r\n\r\n",
                // incomplete and bad inputs must agree too: on what was parsed and on the error
                "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void everySingleSplitAgrees(String input) {
        Outcome whole = EmbeddedParser.parseEveryWay(HttpLimits.DEFAULTS, bytes(input));
        assertThat(whole.calls()).isPositive();
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void everyPairOfSplitsAgrees(String input) {
        byte[] b = bytes(input);
        String expected = EmbeddedParser.parse(HttpLimits.DEFAULTS, b).describe();
        int step = b.length > 120 ? 3 : 1; // keep the cubic cost down on the long pipelines
        for (int i = 0; i <= b.length; i += step) {
            for (int j = i; j <= b.length; j += step) {
                Outcome o = EmbeddedParser.parseSplitAt(HttpLimits.DEFAULTS, b, i, j);
                assertThat(o.describe()).as("split at %d and %d", i, j).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("inputs")
    void bufferPlacementAndWhatLiesBeyondTheLimitDoNotMatter(String input) {
        byte[] b = bytes(input);
        String expected = EmbeddedParser.parse(HttpLimits.DEFAULTS, b).describe();
        for (byte poison : new byte[] {'\r', '\n', 0, 'a', '0', (byte) 0xFF}) {
            for (boolean compact : new boolean[] {true, false}) {
                for (int piece : new int[] {1, 2, 3, 5, 8, 13}) {
                    EmbeddedParser p = new EmbeddedParser(HttpLimits.DEFAULTS, poison, compact);
                    for (int from = 0; from < b.length; from += piece) p.feed(b, from, Math.min(b.length, from + piece));
                    assertThat(p.outcome().describe())
                            .as("poison %d, compact %s, pieces of %d", poison, compact, piece).isEqualTo(expected);
                }
            }
        }
    }
}
