package dev.barista.server;

import dev.barista.runtime.ServerContext;
import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.LogRecords;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import dev.barista.transport.nio.EventLoop;
import dev.barista.transport.nio.EventLoopGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An event loop that dies of an error is out of service at once: its connections are closed (their clients see
 * the close instead of hanging), no new connection is handed to it, the surviving loops go on serving, and the
 * server reports itself neither live nor ready (here under {@link FatalErrorPolicy#KEEP_RUNNING}: under the
 * default, EXIT, the process would end with status 70).
 *
 * <p>How to kill a loop from outside: every task, timer and I/O handler is guarded by a {@code catch Throwable},
 * so an Error thrown by a handler or a task is survived. What is not guarded is the loop's own report of such a
 * failure: an Error raised while it logs (an OutOfMemoryError in the logging backend, say) escapes the loop's
 * turn. {@link LoopKiller} injects exactly that, for one marked task only: the test hands the loop a task that
 * throws the marker, and the log handler throws an Error when the loop reports it.
 */
class LoopDeathTest {
    private static final String EVENT_LOOP_LOGGER = "dev.barista.transport.nio.EventLoop";

    /** Only for clients: the server is stopped here, since stopping one with a dead loop fails (see below). */
    private final ServerFixture fx = new ServerFixture();
    private final LoopKiller killer = new LoopKiller();
    private Server server;

    @AfterEach
    void tearDown() throws InterruptedException {
        killer.close();
        fx.close();
        if (server == null) return;
        try {
            server.stop(Duration.ofSeconds(1));
        } catch (RuntimeException stopFailed) {
            // A server with a dead loop cannot stop itself yet: stop its surviving loops so no thread outlives the test.
            server.eventLoops().orElseThrow().stop(Duration.ofSeconds(5));
        }
    }

    /** The marker a task throws so that the loop's report of it fails. */
    static final class Poison extends RuntimeException {
        Poison() {
            super("poison task, thrown by the test", null, false, false);
        }
    }

    /** Raises an Error from the loop's logger when the loop reports a {@link Poison}. */
    static final class LoopKiller extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(EVENT_LOOP_LOGGER);

        LoopKiller() {
            logger.addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            if (record.getThrown() instanceof Poison) {
                throw new OutOfMemoryError("injected by the test while the loop logs a failed task");
            }
        }

        void kill(EventLoop loop) {
            loop.execute(() -> {
                throw new Poison();
            });
            Await.until(loop.name() + " to die", loop::isDead);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    private Server start() throws IOException {
        server = ServerFixture.builder().model(Model.named("reactor")).loops(2)
                .onFatalError(FatalErrorPolicy.KEEP_RUNNING)
                .get("/loop", Endpoint.nonBlocking(request -> Response.text(Thread.currentThread().getName())))
                .start();
        return server;
    }

    private RawClient connect() throws IOException {
        return fx.track(RawClient.connect(server.port()));
    }

    private static String servedBy(RawClient client) throws IOException {
        return client.send(RawClient.get("/loop")).read().bodyText();
    }

    @Test
    void aDeadLoopIsTakenOutOfServiceAndTheOthersServeOn() throws Exception {
        Server server = start();
        List<EventLoop> loops = server.eventLoops().map(EventLoopGroup::loops).orElseThrow();
        EventLoop survivor = loops.get(0); // the acceptor's
        EventLoop victim = loops.get(1);
        // New connections go to the least loaded loop: one each.
        RawClient onSurvivor = connect();
        assertThat(servedBy(onSurvivor)).isEqualTo(survivor.name());
        RawClient onVictim = connect();
        assertThat(servedBy(onVictim)).isEqualTo(victim.name());
        assertThat(server.isLive()).isTrue();
        assertThat(server.isReady()).isTrue();

        try (LogRecords log = LogRecords.of(ServerContext.class)) {
            killer.kill(victim);
            Await.until("the death to be logged", () -> log.errors().stream()
                    .anyMatch(r -> r.getMessage().contains(victim.name() + " died")));
        }

        assertThat(server.isLive()).isFalse();
        assertThat(server.isReady()).isFalse();
        // Its client is told at once, by a close, rather than left waiting on a loop that will never answer.
        assertThat(onVictim.closedWithin(Duration.ofSeconds(5))).isTrue();
        assertThatThrownBy(() -> victim.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);

        // The survivor serves its own connection, and every new one: the dead loop, though idle, gets none.
        assertThat(servedBy(onSurvivor)).isEqualTo(survivor.name());
        List<RawClient> newcomers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            RawClient newcomer = connect();
            newcomers.add(newcomer);
            assertThat(servedBy(newcomer)).isEqualTo(survivor.name());
        }
        assertThat(victim.connectionCount()).isZero();
        assertThat(survivor.connectionCount()).isEqualTo(7);
        assertThat(server.stats().openConnections.get()).isEqualTo(7);
    }

    @Test
    void whenTheAcceptorsLoopDiesNewConnectionsAreNotLeftHanging() throws Exception {
        Server server = start();
        EventLoop acceptorLoop = server.eventLoops().orElseThrow().loops().getFirst();

        killer.kill(acceptorLoop);
        Await.until("the death to be reported", () -> !server.isLive());

        RawClient late;
        try {
            late = connect();
        } catch (IOException refused) {
            return; // connection refused: the listener is closed, nobody is left waiting
        }
        boolean toldSomething;
        try {
            late.send(RawClient.get("/loop")); // the reset may come as soon as this write
            toldSomething = late.answersWithin(Duration.ofSeconds(3)) || late.closedWithin(Duration.ofMillis(1));
        } catch (java.net.SocketException reset) {
            toldSomething = true; // it reached the backlog as the listener closed: reset, not left hanging
        }
        assertThat(toldSomething).as("an answer (a 503) or a close, not silence").isTrue();
    }

    @Test
    void aServerWithADeadLoopStillStopsAndClosesEverything() throws Exception {
        Server started = start();
        EventLoop victim = started.eventLoops().orElseThrow().loops().get(1);
        EventLoop survivor = started.eventLoops().orElseThrow().loops().get(0);
        RawClient onSurvivor = connect();
        assertThat(servedBy(onSurvivor)).isEqualTo(survivor.name());
        killer.kill(victim);

        started.stop(Duration.ofSeconds(1));

        assertThat(onSurvivor.closedWithin(Duration.ofSeconds(5))).isTrue();
        assertThat(survivor.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> RawClient.connect(started.port()).close()).isInstanceOf(IOException.class);
    }
}
