package dev.barista.server;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.http.ResponseBody;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every single-process model reports what it costs while it runs, and only the parts it has. */
class ServerSnapshotTest {
    private static final int CONNECTIONS = 5;

    private final ServerFixture fx = new ServerFixture();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger entered = new AtomicInteger();

    @AfterEach
    void tearDown() {
        release.countDown();
        fx.close();
    }

    @Test
    void virtualThreadsShowAVirtualThreadPerConnectionAndTheCarriers() throws Exception {
        Server server = fx.start(ServerFixture.builder().model("virtual-threads")
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello"))));
        List<RawClient> clients = keepAliveConnections(CONNECTIONS);

        ServerSnapshot s = server.snapshot();
        assertThat(s.model()).isEqualTo("virtual-threads");
        assertThat(s.processes()).isEqualTo(1);
        assertThat(s.partial()).isFalse();
        assertThat(s.counters().openConnections()).isEqualTo(CONNECTIONS);
        assertThat(s.counters().requests()).isEqualTo(CONNECTIONS);
        assertThat(s.threads().virtualLive()).isGreaterThanOrEqualTo(CONNECTIONS);
        assertThat(s.threads().virtualStarted()).isGreaterThanOrEqualTo(CONNECTIONS);
        assertThat(s.threads().carriers()).isNotNull();
        assertThat(s.threads().carriers().parallelism()).isPositive();
        assertThat(s.threads().carriers().poolSize()).isPositive();
        assertThat(s.eventLoops()).isNull();
        assertThat(s.workerPool()).isNull();
        assertThat(s.prefork()).isNull();
        assertThat(s.children()).isNull();

        clients.forEach(RawClient::close);
        Await.until("the connections' virtual threads to end", () -> server.snapshot().threads().virtualLive() == 0);
    }

    @Test
    void threadPerConnectionShowsAPlatformThreadPerConnection() throws Exception {
        Server server = fx.start(ServerFixture.builder().model("thread-per-connection")
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello"))));
        int before = server.snapshot().threads().platform();
        keepAliveConnections(CONNECTIONS);

        ServerSnapshot s = server.snapshot();
        assertThat(s.threads().platform()).isGreaterThanOrEqualTo(before + CONNECTIONS);
        assertThat(s.threads().platformPeak()).isGreaterThanOrEqualTo(s.threads().platform());
        assertThat(s.threads().virtualLive()).isZero();
        assertThat(s.counters().openConnections()).isEqualTo(CONNECTIONS);
        assertThat(s.workerPool()).as("a thread per connection is no pool").isNull();
        assertThat(s.eventLoops()).isNull();
    }

    @Test
    void threadPoolShowsConnectionsWaitingForAThreadAndTheRefused() throws Exception {
        Server server = fx.start(ServerFixture.builder().model("thread-pool").workers(1, 2)
                .get("/hello", Endpoint.nonBlocking(r -> Response.text("hello"))));
        RawClient served = fx.raw();
        assertThat(served.send(RawClient.get("/hello")).read().status()).isEqualTo(200);
        fx.raw().send(RawClient.get("/hello"));
        fx.raw().send(RawClient.get("/hello"));
        Await.until("two connections queued", () -> server.snapshot().workerPool().queued() == 2);
        RawClient refused = fx.raw();
        assertThat(refused.read().status()).isEqualTo(503);

        ServerSnapshot s = server.snapshot();
        assertThat(s.workerPool().threads()).isEqualTo(1);
        assertThat(s.workerPool().active()).isEqualTo(1);
        assertThat(s.workerPool().queued()).isEqualTo(2);
        assertThat(s.workerPool().rejected()).isEqualTo(1);
        assertThat(s.counters().refusedConnections()).isEqualTo(1);
        assertThat(s.eventLoops()).isNull();
    }

    @Test
    void reactorShowsItsLoopsAndKitchenAndCountsRejectedWork() throws Exception {
        Server server = fx.start(ServerFixture.builder().model("reactor").loops(2).workers(1, 0)
                .get("/wait", r -> {
                    entered.incrementAndGet();
                    if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    return Response.text("served");
                }));
        RawClient waiting = fx.raw().send(RawClient.get("/wait"));
        Await.until("the only worker to be busy", () -> entered.get() == 1);
        assertThat(fx.raw().send(RawClient.get("/wait")).read().status()).isEqualTo(503);

        ServerSnapshot s = server.snapshot();
        assertThat(s.model()).isEqualTo("reactor");
        assertThat(s.eventLoops().count()).isEqualTo(2);
        assertThat(s.eventLoops().blockedTurns()).isZero();
        assertThat(s.workerPool().threads()).isEqualTo(1);
        assertThat(s.workerPool().active()).isEqualTo(1);
        assertThat(s.workerPool().rejected()).isEqualTo(1);
        assertThat(s.counters().rejectedWork()).isEqualTo(1);

        release.countDown();
        assertThat(waiting.read().bodyText()).isEqualTo("served");
        Await.until("the worker's task to complete", () -> server.snapshot().workerPool().completed() == 1);
        assertThat(server.snapshot().eventLoops().tasksRun()).as("the response came back through the loop's queue")
                .isPositive();
    }

    @Test
    void reactorCountsTheVirtualThreadThatPumpsAStreamedBody() throws Exception {
        Server server = fx.start(ServerFixture.builder().model("reactor")
                .get("/stream", r -> Response.status(200).body(ResponseBody.stream(new HeldOpen(), -1))));
        fx.raw().send(RawClient.get("/stream"));
        Await.until("the pump to run", () -> server.snapshot().threads().virtualLive() == 1);
        release.countDown();
        Await.until("the pump to end", () -> server.snapshot().threads().virtualLive() == 0);
        assertThat(server.snapshot().threads().virtualStarted()).isEqualTo(1);
    }

    @Test
    void eventLoopHasOneLoopNoPoolAndItsRoutesMayTakeSnapshots() throws Exception {
        AtomicReference<Server> self = new AtomicReference<>();
        Server server = fx.start(ServerFixture.builder().model("event-loop").onStart(self::set)
                .get("/snapshot", Endpoint.nonBlocking(r -> Response.text(self.get().snapshot().toString()))));
        assertThat(self.get()).isSameAs(server);

        String body = fx.raw().send(RawClient.get("/snapshot")).read().bodyText();
        assertThat(body).startsWith("ServerSnapshot[model=event-loop");
        ServerSnapshot s = server.snapshot();
        assertThat(s.eventLoops().count()).isEqualTo(1);
        assertThat(s.workerPool()).isNull();
        assertThat(s.counters().requests()).isEqualTo(1);
        assertThat(server.wholeServerSnapshot().toCompletableFuture().get(1, TimeUnit.SECONDS).model())
                .isEqualTo("event-loop");
    }

    @Test
    void snapshotsOfProcessesAddUp() {
        ServerSnapshot worker = new ServerSnapshot("prefork", false, 1, new StatsSnapshot(1, 10, 0, 100, 1, 0, 2, 0),
                new ServerSnapshot.Threads(20, 22, 15, 1, 3, new ServerSnapshot.Carriers(2, 1, 0, 0)),
                new ServerSnapshot.Loops(1, 0, 50), new ServerSnapshot.Pool(16, 1, 0, 2, 98), null, null);
        ServerSnapshot master = new ServerSnapshot("prefork", false, 1, StatsSnapshot.ZERO,
                new ServerSnapshot.Threads(10, 10, 8, 0, 0, null), null, null,
                new ServerSnapshot.Prefork(2, 2, 0, 0), null);

        ServerSnapshot whole = master.plus(worker).plus(worker.asPartial());
        assertThat(whole.processes()).isEqualTo(3);
        assertThat(whole.partial()).isTrue();
        assertThat(whole.counters().requests()).isEqualTo(200);
        assertThat(whole.threads().platform()).isEqualTo(50);
        assertThat(whole.threads().carriers().parallelism()).isEqualTo(4);
        assertThat(whole.eventLoops().count()).isEqualTo(2);
        assertThat(whole.workerPool().threads()).isEqualTo(32);
        assertThat(whole.prefork().workers()).isEqualTo(2);
        assertThat(whole.children()).isNull();
    }

    /** Opens keep-alive connections, each answered once, and leaves them open (closed by the fixture). */
    private List<RawClient> keepAliveConnections(int n) throws IOException {
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawClient client = fx.raw();
            assertThat(client.send(RawClient.get("/hello")).read().status()).isEqualTo(200);
            clients.add(client);
        }
        return clients;
    }

    /** A body that sends one byte, then blocks until the test releases it. */
    private final class HeldOpen extends InputStream {
        private boolean sent;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (!sent) {
                sent = true;
                b[off] = 'x';
                return 1;
            }
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return -1;
        }
    }
}
