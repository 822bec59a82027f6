package dev.barista.bench.peers;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The lab's Vert.x peer: {@code GET /plaintext} on the event loop, {@code GET /sleep?ms=N} as a
 * {@code blockingHandler} (Vert.x's worker pool, unordered). One HTTP server instance per core, as Vert.x
 * scales (each on its own event loop).
 *
 * <pre>java -cp bench/target/barista-bench.jar dev.barista.bench.peers.VertxHelloServer --port 8081</pre>
 */
public final class VertxHelloServer {
    private VertxHelloServer() {
    }

    public static void main(String[] args) throws Exception {
        PeerArgs a = PeerArgs.parse(args);
        Vertx vertx = Vertx.vertx(new io.vertx.core.VertxOptions().setWorkerPoolSize(a.sleepWorkers()));
        Buffer hello = Buffer.buffer(PeerArgs.HELLO);
        int instances = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < instances; i++) {
            Router router = Router.router(vertx);
            router.get("/plaintext").handler(ctx -> ctx.response().putHeader("content-type", "text/plain").end(hello));
            router.get("/sleep").blockingHandler(ctx -> {
                long millis = PeerArgs.millis(ctx.request().getParam("ms"));
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ctx.response().putHeader("content-type", "application/json").end(PeerArgs.sleptJson(millis));
            }, false);
            HttpServer server = vertx.createHttpServer().requestHandler(router);
            server.listen(a.port(), "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        }
        System.out.println("Vert.x listening on http://127.0.0.1:" + a.port() + " (" + instances + " event loops)");
    }
}
