package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One budget bounds what the whole server holds for its clients. Once buffered bodies have spent it, a request
 * whose body cannot fit is answered 503 with Retry-After and its connection closed (before its body is read
 * when its length is announced, as soon as it outgrows the budget when chunked), while requests without a body
 * keep being served; bodies nobody will read (a 404, a 405) are discarded as they arrive rather than buffered;
 * and everything reserved is given back.
 *
 * <p>The budget is read from the server's snapshot ({@code memory}), as {@code /stats} and {@code /metrics} show
 * it: to wait until bodies are buffered, and to see it return to zero.
 */
class MemoryBudgetTest {
    private static final long BUDGET = 2L * 1024 * 1024;
    private static final int HELD_BODY = 600 * 1024;
    /** More than what is left once two held bodies are buffered, under every model; less than the budget. */
    private static final int TOO_LARGE_NOW = 1000 * 1024;

    private final ServerFixture fx = new ServerFixture();
    private final List<Thread> senders = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        fx.close();
        for (Thread t : senders) t.join(5_000);
    }

    /** The server's memory budget now, as its snapshot reports it. */
    static ServerSnapshot.Memory memoryOf(Server server) {
        return server.snapshot().memory();
    }

    private Server start(Model model) throws IOException {
        return fx.start(ServerFixture.builder().model(model).memoryBudget(BUDGET)
                .post("/upload", request -> Response.text("received " + request.body().length()))
                .get("/small", Endpoint.nonBlocking(request -> Response.text("small"))));
    }

    private static String postHead(String path, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** Sends in the background, ignoring a server that stops reading and closes: the test reads the answer. */
    private void sendInBackground(RawClient client, byte[]... parts) {
        Thread t = Thread.ofPlatform().name("test-sender").daemon(true).start(() -> {
            try {
                for (byte[] part : parts) client.send(part);
            } catch (IOException ignored) {
                // refused mid-body: expected for some clients
            }
        });
        senders.add(t);
    }

    private static void assertRefusedForMemory(RawResponse response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(response.closes()).isTrue();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void onceBodiesSpendTheBudgetLargeUploadsGet503WhileSmallRequestsAreServed(Model model) throws Exception {
        Server server = start(model);
        Server observed = server;

        // Two uploads each stop one byte short: their bodies stay buffered.
        List<RawClient> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RawClient holder = fx.raw();
            holder.send(postHead("/upload", HELD_BODY)).send(new byte[HELD_BODY - 1]);
            holders.add(holder);
        }
        Await.until("both bodies buffered", () -> memoryOf(observed).usedBytes() >= 2L * (HELD_BODY - 1));

        // Announced: refused at its head, without its body.
        RawClient announced = fx.raw();
        assertRefusedForMemory(announced.send(postHead("/upload", TOO_LARGE_NOW)).read());
        assertThat(announced.closedWithin(Duration.ofSeconds(5))).isTrue();

        // Chunked: refused once it outgrows what is left.
        RawClient chunked = fx.raw();
        chunked.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
        byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[][] chunks = new byte[TOO_LARGE_NOW / 0x4000][];
        java.util.Arrays.fill(chunks, chunk);
        sendInBackground(chunked, chunks);
        assertRefusedForMemory(chunked.read());

        // Requests without a body are still served, on connections old and new.
        assertThat(fx.raw().send(RawClient.get("/small")).read().bodyText()).isEqualTo("small");

        // The held uploads were never disturbed: they complete.
        for (RawClient holder : holders) {
            RawResponse done = holder.send(new byte[1]).read();
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.bodyText()).isEqualTo("received " + HELD_BODY);
        }
        // Counted once each has lingered and closed.
        Await.until("two connections closed for memory", () -> server.stats().closedBy(CloseReason.OVERLOAD) == 2);

        fx.close();
        assertThat(memoryOf(observed).usedBytes()).as("everything reserved is given back").isZero();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void anAnnouncedBodyLargerThanTheWholeBudgetIsRefusedBeforeItIsSent(Model model) throws Exception {
        Server server = start(model);
        RawClient client = fx.raw();

        // 5 MiB is within maxBodySize (10 MiB) but not within the budget: no byte of it is needed to say no.
        RawResponse refused = client.send(postHead("/upload", 5L * 1024 * 1024)).read();

        assertRefusedForMemory(refused);
        assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
        Await.until("the connection closed", () -> server.stats().openConnections.get() == 0);
        // A session that closes itself is counted before its blocking transport has given its buffers back.
        Await.until("its memory given back", () -> memoryOf(server).usedBytes() == 0);
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void anExpectContinueRequestThatCannotFitIsRefusedInsteadOfInvited(Model model) throws Exception {
        start(model);
        RawClient client = fx.raw();
        client.send("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + 5L * 1024 * 1024 + "\r\n\r\n");
        assertRefusedForMemory(client.read());
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aBodyNoRouteWillReadIsDiscardedNotBuffered(Model model) throws Exception {
        Server server = start(model);
        Server observed = server;
        RawClient client = fx.raw();
        assertThat(client.send(RawClient.get("/small")).read().bodyText()).isEqualTo("small");
        long baseline = memoryOf(observed).usedBytes(); // the blocking models' connection buffers, once the connection is served
        byte[] large = new byte[5 * 1024 * 1024]; // more than the whole budget

        RawResponse notFound = client.send(postHead("/nowhere", large.length)).send(large).read();
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.closes()).isFalse();

        RawResponse notAllowed = client.send(postHead("/small", large.length)).send(large).read();
        assertThat(notAllowed.status()).isEqualTo(405);

        assertThat(client.send(RawClient.get("/small")).read().bodyText()).isEqualTo("small");
        assertThat(memoryOf(observed).usedBytes()).isEqualTo(baseline);
        assertThat(server.stats().closedBy(CloseReason.OVERLOAD)).isZero();
    }

    @ParameterizedTest
    @MethodSource(Models.ALL)
    void aBodyAbandonedByItsClientGivesItsMemoryBack(Model model) throws Exception {
        Server observed = start(model);
        for (int round = 0; round < 3; round++) {
            RawClient quitter = fx.raw();
            quitter.send(postHead("/upload", HELD_BODY)).send(new byte[HELD_BODY / 2]);
            Await.until("half the body buffered", () -> memoryOf(observed).usedBytes() >= HELD_BODY / 2);
            quitter.shutdownOutput(); // a FIN mid-body: the client gave up on this request
            Await.until("the connection closed", () -> observed.stats().openConnections.get() == 0);
            Await.until("its reservation given back", () -> memoryOf(observed).usedBytes() == 0);
        }
        // Had it leaked, three abandoned halves (and two held bodies) would not fit the budget now.
        RawClient client = fx.raw();
        RawResponse done = client.send(postHead("/upload", HELD_BODY)).send(new byte[HELD_BODY]).read();
        assertThat(done.bodyText()).isEqualTo("received " + HELD_BODY);
    }
}
