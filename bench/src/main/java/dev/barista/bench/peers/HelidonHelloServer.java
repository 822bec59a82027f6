package dev.barista.bench.peers;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;

/**
 * The lab's Helidon SE 4 peer. Helidon runs every handler on a virtual thread of its own, so
 * {@code GET /sleep?ms=N} simply blocks; {@code GET /plaintext} answers {@code Hello, World!}.
 *
 * <pre>java -cp bench/target/barista-bench.jar dev.barista.bench.peers.HelidonHelloServer --port 8081</pre>
 */
public final class HelidonHelloServer {
    private HelidonHelloServer() {
    }

    public static void main(String[] args) {
        PeerArgs a = PeerArgs.parse(args);
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(a.port())
                .routing(r -> r
                        .get("/plaintext", (req, res) -> {
                            res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                            res.send(PeerArgs.HELLO);
                        })
                        .get("/sleep", (req, res) -> {
                            long millis = PeerArgs.millis(req.query().first("ms").orElse(null));
                            Thread.sleep(millis);
                            res.header(HeaderNames.CONTENT_TYPE, "application/json");
                            res.send(PeerArgs.sleptJson(millis));
                        }))
                .build()
                .start();
        System.out.println("Helidon SE listening on http://127.0.0.1:" + server.port());
    }
}
