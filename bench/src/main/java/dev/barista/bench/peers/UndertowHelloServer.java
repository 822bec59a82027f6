package dev.barista.bench.peers;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

import java.nio.ByteBuffer;
import java.util.Deque;

/**
 * The lab's Undertow peer: {@code GET /plaintext} on the I/O thread (like Barista's non-blocking route), and
 * {@code GET /sleep?ms=N} dispatched to Undertow's worker pool, where it blocks. Anything else: 404.
 *
 * <pre>java -cp bench/target/barista-bench.jar dev.barista.bench.peers.UndertowHelloServer --port 8081</pre>
 */
public final class UndertowHelloServer implements HttpHandler {
    private static final ByteBuffer HELLO = ByteBuffer.allocateDirect(PeerArgs.HELLO.length).put(PeerArgs.HELLO).flip();

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        switch (exchange.getRequestPath()) {
            case "/plaintext" -> {
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                exchange.getResponseSender().send(HELLO.duplicate());
            }
            case "/sleep" -> {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this); // to a worker: never block an I/O thread
                    return;
                }
                Deque<String> ms = exchange.getQueryParameters().get("ms");
                long millis = PeerArgs.millis(ms == null ? null : ms.getFirst());
                Thread.sleep(millis);
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                exchange.getResponseSender().send(PeerArgs.sleptJson(millis));
            }
            default -> {
                exchange.setStatusCode(404);
                exchange.getResponseSender().send("Not Found");
            }
        }
    }

    public static void main(String[] args) {
        PeerArgs a = PeerArgs.parse(args);
        Undertow server = Undertow.builder()
                .addHttpListener(a.port(), "127.0.0.1")
                .setWorkerThreads(a.sleepWorkers())
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
                .setHandler(new UndertowHelloServer())
                .build();
        server.start();
        System.out.println("Undertow listening on http://127.0.0.1:" + a.port());
    }
}
