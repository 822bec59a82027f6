package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.process.ChildJvm;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overload answer of each multi-process model, as documented with it.
 *
 * <ul>
 *   <li><b>prefork</b>: each worker is a reactor, with its own bounded kitchen and connection limit. A blocking
 *   request finding its worker's kitchen full gets 503 with Retry-After at once (the connection stays usable,
 *   the counter keeps serving, service resumes when the kitchen frees up), as {@code
 *   dev.barista.server.OverloadTest} checks for the reactor; a connection beyond a worker's {@code
 *   maxConnections} gets 503 and is closed, as {@code dev.barista.server.LimitsTest} checks. One worker here,
 *   so that every connection reaches the same one.</li>
 *   <li><b>process-per-connection</b>: at its cap of live children the parent stops accepting, so a new
 *   connection waits in the listen backlog (neither answered nor refused) and is served once a child exits
 *   ({@code dev.barista.process.ConnectionChildren}). A cap of one here.</li>
 * </ul>
 */
@Timeout(60)
class OverloadTest {
    private static final Model PREFORK = Model.named("prefork");
    private static final Model PROCESS_PER_CONNECTION = Model.named("process-per-connection");
    private static final ServerProcesses servers = new ServerProcesses();

    @TempDir
    static Path gates;

    @AfterEach
    void closeClients() {
        servers.closeClients();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @Test
    void preforkWorkersFullKitchenAnswers503WithRetryAfterAndRecovers() throws Exception {
        ChildJvm server = servers.server(PREFORK, 1, List.of("workers=1,1", Gate.setting(gates)));
        Gate gate = new Gate(gates);
        RawClient running = servers.raw(server).send(RawClient.get(gate.path(0)));
        gate.awaitEntered(1);

        // Three more at once: one fits in the queue, the other two find the kitchen full.
        List<RawClient> extra = new ArrayList<>();
        for (int i = 1; i <= 3; i++) extra.add(servers.raw(server).send(RawClient.get(gate.path(i))));
        Await.until("two rejections", Duration.ofSeconds(10), () -> answered(extra) == 2);

        int queued = -1;
        for (int i = 0; i < extra.size(); i++) {
            RawClient client = extra.get(i);
            // A rejected request has its answer already; the queued one stays quiet.
            if (!client.answersWithin(Duration.ofMillis(200))) {
                assertThat(queued).as("only one request fits in the queue").isEqualTo(-1);
                queued = i;
                continue;
            }
            RawResponse rejected = client.read();
            assertThat(rejected.status()).isEqualTo(503);
            assertThat(rejected.header("Retry-After")).isNotBlank();
            // The connection stays usable: the counter still serves.
            assertThat(client.send(RawClient.get("/hello")).read().bodyText()).isEqualTo("hello");
        }
        assertThat(queued).as("one request waits in the queue").isNotEqualTo(-1);
        assertThat(gate.entered()).as("only the first is in a handler").isEqualTo(1);

        // Non-blocking routes are served at the counter meanwhile.
        assertThat(servers.raw(server).send(RawClient.get("/hello")).read().bodyText()).isEqualTo("hello");

        gate.release();
        assertThat(running.read().bodyText()).isEqualTo("done0");
        assertThat(extra.get(queued).read().bodyText()).isEqualTo("done" + (queued + 1));
        for (int i = 10; i < 13; i++) {
            RawResponse response = servers.raw(server).send(RawClient.get(gate.path(i))).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("done" + i);
        }
    }

    /** How many of the clients have an answer waiting. */
    private static long answered(List<RawClient> clients) {
        return clients.stream().filter(c -> {
            try {
                return c.answersWithin(Duration.ofMillis(1));
            } catch (IOException e) {
                throw new AssertionError("a client's connection closed", e);
            }
        }).count();
    }

    @Test
    void preforkConnectionBeyondAWorkersMaxConnectionsGets503AndASlotFreesUp() throws Exception {
        ChildJvm server = servers.server(PREFORK, 1, List.of("maxConnections=3"));
        List<RawClient> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RawClient client = servers.raw(server);
            // A full exchange proves the worker holds this connection before the next one comes.
            assertThat(client.send(RawClient.get("/n/" + i)).read().status()).isEqualTo(200);
            open.add(client);
        }
        RawClient fourth = servers.raw(server);
        RawResponse refused = fourth.read();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(fourth.closedWithin(Duration.ofSeconds(3))).isTrue();

        // The three are unaffected.
        for (RawClient client : open) assertThat(client.send(RawClient.get("/n/x")).read().status()).isEqualTo(200);

        // Once one of them leaves (and the worker has noticed), a newcomer is served.
        open.getFirst().close();
        Await.until("a new connection to be served", Duration.ofSeconds(10), () -> {
            try (RawClient next = RawClient.connect(server.port())) {
                return next.send(RawClient.get("/n/next")).read().status() == 200;
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void processPerConnectionAtItsChildCapNewConnectionsWaitInTheBacklogUntilAChildExits() throws Exception {
        ChildJvm server = servers.server(PROCESS_PER_CONNECTION, 1, List.of());
        RawClient first = servers.raw(server);
        long firstChild = Long.parseLong(first.send(RawClient.get("/pid")).read().bodyText());

        RawClient second = servers.raw(server).send(RawClient.get("/pid"));
        // At the cap: no child is started for it, and it is neither answered nor refused.
        assertThat(second.quietFor(Duration.ofSeconds(1))).as("waits, not answered, not refused").isTrue();
        assertThat(server.children()).extracting(ProcessHandle::pid).containsExactly(firstChild);
        // The first connection is served as usual meanwhile.
        assertThat(first.send(RawClient.get("/n/1")).read().bodyText()).isEqualTo("n1");

        first.close(); // its child exits, and its slot goes to the connection waiting
        RawResponse answer = second.read();
        assertThat(answer.status()).isEqualTo(200);
        long secondChild = Long.parseLong(answer.bodyText());
        assertThat(secondChild).isNotEqualTo(firstChild);
        assertThat(ProcessHandle.of(firstChild)).as("the first child exited and was reaped").isEmpty();
        assertThat(server.children()).extracting(ProcessHandle::pid).containsExactly(secondChild);
    }
}
