package dev.barista.client;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a real Barista server: keep-alive, framing, bodies, pool bounds, timeouts, cancellation. */
class ClientServerTest {
    private static final byte[] BIG = new byte[3 * 1024 * 1024 + 17];

    static {
        new Random(11).nextBytes(BIG);
    }

    private final ServerFixture fx = new ServerFixture();
    private final ClientFixture cx = new ClientFixture();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = fx.start(ServerFixture.builder().workers(32, 256)
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello " + r.queryParam("n"))))
                .get("/big", Endpoint.nonBlocking(r -> Response.status(200).body(BIG)))
                .get("/chunked", r -> Response.status(200).body(ResponseBody.stream(new ByteArrayInputStream(BIG), -1)))
                .post("/echo", Endpoint.nonBlocking(r -> Response.status(200).body(r.body().bytes())))
                .get("/sleep", r -> {
                    int now = concurrent.incrementAndGet();
                    maxConcurrent.accumulateAndGet(now, Math::max);
                    try {
                        Thread.sleep(Long.parseLong(r.queryParam("ms")));
                    } finally {
                        concurrent.decrementAndGet();
                    }
                    return Response.text("slept");
                })
                .get("/close", Endpoint.nonBlocking(r -> Response.status(200).closeConnection().body("bye"))));
    }

    @AfterEach
    void tearDown() {
        cx.close();
        fx.close();
    }

    private Upstream upstream(ClientConfig config) {
        return cx.client(config).upstream("127.0.0.1", server.port());
    }

    @Test
    void sequentialRequestsReuseOneConnection() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        for (int i = 0; i < 50; i++) {
            ClientResponse r = up.send(ClientRequest.get("/hello?n=" + i));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("hello " + i);
        }
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(1);
        assertThat(up.stats().connectionsOpened()).isEqualTo(1);
        ClientFixture.assertQuiet(up);
    }

    @Test
    void connectionCloseIsNotReused() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        assertThat(up.send(ClientRequest.get("/close")).bodyText()).isEqualTo("bye");
        assertThat(up.send(ClientRequest.get("/close")).bodyText()).isEqualTo("bye");
        assertThat(up.stats().connectionsOpened()).isEqualTo(2);
        ClientFixture.assertQuiet(up);
        assertThat(up.stats().openConnections()).isZero();
    }

    @Test
    void fixedAndChunkedLargeBodiesArriveWhole() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        ClientResponse fixed = up.send(ClientRequest.get("/big"));
        assertThat(fixed.header("content-length")).isEqualTo(String.valueOf(BIG.length));
        assertThat(fixed.body()).isEqualTo(BIG);
        ClientResponse chunked = up.send(ClientRequest.get("/chunked"));
        assertThat(chunked.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(chunked.body()).isEqualTo(BIG);
        ClientResponse echoed = up.send(ClientRequest.post("/echo", "application/octet-stream", BIG));
        assertThat(echoed.body()).isEqualTo(BIG);
        assertThat(up.stats().connectionsOpened()).isEqualTo(1);
        ClientFixture.assertQuiet(up);
    }

    @Test
    void headResponseHasNoBodyAndKeepsTheConnection() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        ClientResponse head = up.send(ClientRequest.head("/big"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(up.send(ClientRequest.get("/hello?n=x")).bodyText()).isEqualTo("hello x");
        assertThat(up.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void concurrencyIsBoundedByThePool() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG.withMaxConnections(3).withMaxPending(100));
        List<CompletableFuture<ClientResponse>> all = new ArrayList<>();
        for (int i = 0; i < 30; i++) all.add(up.sendAsync(ClientRequest.get("/sleep?ms=20")));
        for (CompletableFuture<ClientResponse> f : all) assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(maxConcurrent.get()).isEqualTo(3);
        assertThat(server.stats().acceptedConnections.sum()).isEqualTo(3);
        ClientFixture.assertQuiet(up);
    }

    @Test
    void requestsBeyondThePendingBoundFailAtOnce() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG.withMaxConnections(2).withMaxPending(3));
        List<CompletableFuture<ClientResponse>> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) admitted.add(up.sendAsync(ClientRequest.get("/sleep?ms=300")));
        CompletableFuture<ClientResponse> refused = up.sendAsync(ClientRequest.get("/hello"));
        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(ClientOverloadedException.class);
        assertThat(up.stats().requestsRejected()).isEqualTo(1);
        for (CompletableFuture<ClientResponse> f : admitted) assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        ClientFixture.assertQuiet(up);
    }

    @Test
    void slowResponseTimesOutAndItsConnectionIsClosed() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG.withRequestTimeout(Duration.ofMillis(200)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> up.send(ClientRequest.get("/sleep?ms=1500")))
                .isInstanceOfSatisfying(ClientTimeoutException.class,
                        e -> assertThat(e.phase()).isEqualTo(ClientTimeoutException.Phase.REQUEST));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        ClientFixture.assertQuiet(up);
        assertThat(up.stats().openConnections()).isZero();
        assertThat(up.send(ClientRequest.get("/hello?n=after")).bodyText()).isEqualTo("hello after");
    }

    @Test
    void waitingForAPooledConnectionTimesOut() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG.withMaxConnections(1)
                .withAcquireTimeout(Duration.ofMillis(150)));
        CompletableFuture<ClientResponse> holder = up.sendAsync(ClientRequest.get("/sleep?ms=800"));
        assertThatThrownBy(() -> up.send(ClientRequest.get("/hello")))
                .isInstanceOfSatisfying(ClientTimeoutException.class,
                        e -> assertThat(e.phase()).isEqualTo(ClientTimeoutException.Phase.ACQUIRE));
        assertThat(holder.get(5, TimeUnit.SECONDS).bodyText()).isEqualTo("slept");
        ClientFixture.assertQuiet(up);
    }

    @Test
    void refusedConnectFails() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Upstream up = cx.client().upstream("127.0.0.1", closedPort);
        assertThatThrownBy(() -> up.send(ClientRequest.get("/"))).isInstanceOf(java.net.ConnectException.class);
        ClientFixture.assertQuiet(up);
        assertThat(up.stats().openConnections()).isZero();
    }

    @Test
    void cancellingInFlightClosesTheConnection() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        CompletableFuture<ClientResponse> f = up.sendAsync(ClientRequest.get("/sleep?ms=1000"));
        Thread.sleep(100); // on the wire by now
        assertThat(f.cancel(true)).isTrue();
        ClientFixture.assertQuiet(up);
        assertThat(up.stats().openConnections()).isZero(); // a half-read response never goes back to the pool
        assertThat(up.send(ClientRequest.get("/hello?n=2")).bodyText()).isEqualTo("hello 2");
    }

    @Test
    void cancellingAWaitingRequestJustLeavesTheQueue() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG.withMaxConnections(1));
        CompletableFuture<ClientResponse> holder = up.sendAsync(ClientRequest.get("/sleep?ms=300"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        ClientCall waiting = up.send(ClientRequest.get("/hello"), (r, t) -> {
            failure.set(t);
            called.countDown();
        });
        Thread.sleep(50);
        waiting.cancel();
        assertThat(called.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(holder.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(up.stats().connectionsOpened()).isEqualTo(1); // the holder's connection survived
        ClientFixture.assertQuiet(up);
    }

    @Test
    void blockingSendOnTheLoopIsRefused() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
        up.send(ClientRequest.get("/hello"), (r, t) -> {
            try {
                up.send(ClientRequest.get("/hello"));
                onLoop.complete(null);
            } catch (Throwable e) {
                onLoop.complete(e);
            }
        });
        assertThat(onLoop.get(5, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callbacksMayChainRequestsOnTheLoop() throws Exception {
        Upstream up = upstream(ClientFixture.TEST_CONFIG);
        CompletableFuture<String> result = new CompletableFuture<>();
        up.send(ClientRequest.get("/hello?n=1"), (r1, t1) ->
                up.send(ClientRequest.get("/hello?n=2"), (r2, t2) ->
                        result.complete(r1.bodyText() + "+" + r2.bodyText())));
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("hello 1+hello 2");
        assertThat(up.stats().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void closingTheClientFailsWhatIsPending() throws Exception {
        BaristaClient client = cx.client(ClientFixture.TEST_CONFIG);
        Upstream up = client.upstream("127.0.0.1", server.port());
        CompletableFuture<ClientResponse> f = up.sendAsync(ClientRequest.get("/sleep?ms=2000"));
        Thread.sleep(50);
        client.close();
        assertThatThrownBy(() -> f.get(2, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
        assertThat(up.sendAsync(ClientRequest.get("/hello"))).isCompletedExceptionally();
    }
}
