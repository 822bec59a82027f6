package dev.barista.conformance;

import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a model answers when it has no room for more work: model-specific, as documented with each model.
 *
 * <ul>
 *   <li><b>reactor</b>, and <b>prefork</b>, whose workers are reactors: the kitchen (the worker pool) is
 *   bounded. With every worker busy and the queue full, a blocking request gets 503 with Retry-After at once,
 *   the connection stays usable, the event loops keep serving non-blocking routes at the counter, and service
 *   resumes when the workers free up. One prefork worker here, so that every connection reaches the same
 *   kitchen. (A connection beyond {@code maxConnections} is {@link LimitsTest}'s.)</li>
 *   <li><b>process-per-connection</b>: at its cap of live children the parent stops accepting, so a new
 *   connection waits in the listen backlog (neither answered nor refused) and is served once a child exits
 *   ({@code dev.barista.process.ConnectionChildren}). A cap of one here.</li>
 * </ul>
 */
@Timeout(60)
class OverloadTest {
    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    /** The models whose blocking handlers wait for a bounded kitchen. */
    static List<Model> modelsWithAKitchen() {
        return List.of(Model.named("reactor"), Model.named("prefork"));
    }

    @ParameterizedTest
    @MethodSource("modelsWithAKitchen")
    void fullKitchenAnswers503WithRetryAfterAndRecovers(Model model) throws Exception {
        ConformanceServer server = servers.server(model, "workers=1,1", "processes=1");
        Gate gate = servers.gate();
        RawClient running = server.raw().send(RawClient.get(gate.path(0)));
        gate.awaitEntered(1);

        // Three more at once: one fits in the queue, the other two find the kitchen full.
        List<RawClient> extra = new ArrayList<>();
        for (int i = 1; i <= 3; i++) extra.add(server.raw().send(RawClient.get(gate.path(i))));
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
        if (server instanceof InProcessServer local) assertThat(local.stats().rejectedWork.sum()).isEqualTo(2);

        // Non-blocking routes are served at the counter meanwhile.
        assertThat(server.raw().send(RawClient.get("/hello")).read().bodyText()).isEqualTo("hello");

        gate.release();
        assertThat(running.read().bodyText()).isEqualTo("done0");
        assertThat(extra.get(queued).read().bodyText()).isEqualTo("done" + (queued + 1));
        for (int i = 10; i < 13; i++) {
            RawResponse response = server.raw().send(RawClient.get(gate.path(i))).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("done" + i);
        }
        if (server instanceof InProcessServer local) assertThat(local.stats().rejectedWork.sum()).isEqualTo(2);
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
    void processPerConnectionAtItsChildCapNewConnectionsWaitInTheBacklogUntilAChildExits() throws Exception {
        ChildJvmServer server = (ChildJvmServer) servers.server(Model.named("process-per-connection"), "processes=1");
        RawClient first = server.raw();
        long firstChild = Long.parseLong(first.send(RawClient.get("/pid")).read().bodyText());

        RawClient second = server.raw().send(RawClient.get("/pid"));
        // At the cap: no child is started for it, and it is neither answered nor refused.
        assertThat(second.quietFor(Duration.ofSeconds(1))).as("waits, not answered, not refused").isTrue();
        assertThat(server.jvm().children()).extracting(ProcessHandle::pid).containsExactly(firstChild);
        // The first connection is served as usual meanwhile.
        assertThat(first.send(RawClient.get("/n/1")).read().bodyText()).isEqualTo("n1");

        first.close(); // its child exits, and its slot goes to the connection waiting
        RawResponse answer = second.read();
        assertThat(answer.status()).isEqualTo(200);
        long secondChild = Long.parseLong(answer.bodyText());
        assertThat(secondChild).isNotEqualTo(firstChild);
        assertThat(ProcessHandle.of(firstChild)).as("the first child exited and was reaped").isEmpty();
        assertThat(server.jvm().children()).extracting(ProcessHandle::pid).containsExactly(secondChild);
    }
}
