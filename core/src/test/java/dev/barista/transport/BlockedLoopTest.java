package dev.barista.transport;

import dev.barista.Server;
import dev.barista.handler.Endpoint;
import dev.barista.http.Response;
import dev.barista.model.EventLoopModel;
import dev.barista.server.ServerConfig;
import dev.barista.testing.Await;
import dev.barista.testing.LogRecords;
import dev.barista.testing.RawClient;
import dev.barista.testing.ServerFixture;
import dev.barista.transport.nio.NioTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that blocks an event loop is reported: the loop's blocked-turn counter goes up and a warning
 * carries the loop thread's stack, pointing at the culprit.
 */
class BlockedLoopTest {
    private static final String WATCHDOG_LOGGER = "dev.barista.transport.nio.LoopWatchdog";

    private LogRecords watchdog;
    private NioTransport transport;

    @BeforeEach
    void captureLog() {
        watchdog = LogRecords.of(WATCHDOG_LOGGER);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        watchdog.close();
        if (transport != null) transport.stop(Duration.ofSeconds(1));
    }

    /** Started through the model directly: its running server is the NioTransport, whose loops we inspect. */
    private int start(Server.Builder routes) throws Exception {
        Server.Builder builder = routes.blockedLoopThreshold(Duration.ofMillis(100)).timeouts(ServerFixture.TEST_TIMEOUTS);
        transport = (NioTransport) new EventLoopModel().start(builder.config(), builder.routing());
        return transport.port();
    }

    @Test
    void handlerThatSleepsOnTheLoopIsCountedAndLoggedWithItsStack() throws Exception {
        int port = start(ServerFixture.builder()
                .get("/sleepy", Endpoint.nonBlocking(r -> {
                    Thread.sleep(400); // the mistake under test: blocking on the event loop
                    return Response.text("slept");
                }))
                .get("/quick", Endpoint.nonBlocking(r -> Response.text("quick"))));
        try (RawClient client = RawClient.connect(port)) {
            assertThat(client.send(RawClient.get("/quick")).read().bodyText()).isEqualTo("quick");
            assertThat(transport.group().blockedTurns()).isZero();
            assertThat(watchdog.all()).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());

            assertThat(client.send(RawClient.get("/sleepy")).read().bodyText()).isEqualTo("slept");
        }
        Await.until("the blocked turn to be counted", () -> transport.group().blockedTurns() >= 1);
        // One 400 ms turn is one blocked turn, however often the watchdog looked at it.
        assertThat(transport.group().blockedTurns()).isEqualTo(1);

        Await.until("the warning to be logged", () -> !watchdog.all().isEmpty());
        LogRecord warning = watchdog.all().getFirst();
        assertThat(warning.getLevel()).isEqualTo(Level.WARNING);
        assertThat(warning.getMessage()).contains("blocked");
        assertThat(warning.getThrown()).as("the loop's stack travels with the warning").isNotNull();
        StringWriter stack = new StringWriter();
        warning.getThrown().printStackTrace(new PrintWriter(stack));
        assertThat(stack.toString()).contains("Thread.sleep").contains("BlockedLoopTest");
    }

    @Test
    void loopThatOnlyWaitsForIoIsNotReported() throws Exception {
        int port = start(ServerFixture.builder().get("/quick", Endpoint.nonBlocking(r -> Response.text("quick"))));
        try (RawClient client = RawClient.connect(port)) {
            for (int i = 0; i < 20; i++) {
                assertThat(client.send(RawClient.get("/quick")).read().bodyText()).isEqualTo("quick");
            }
            // Idle for several thresholds: waiting in poll is not blocking.
            assertThat(client.quietFor(Duration.ofMillis(400))).isTrue();
        }
        assertThat(transport.group().blockedTurns()).isZero();
        assertThat(watchdog.all()).isEmpty();
    }
}
