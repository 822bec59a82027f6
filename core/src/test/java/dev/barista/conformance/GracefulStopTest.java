package dev.barista.conformance;

import dev.barista.Server;
import dev.barista.model.Model;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A graceful stop ({@code Server.stop()} here, SIGTERM to a child JVM): readiness turns false, accepting
 * stops, idle connections close at once, in-flight requests finish and are answered with {@code Connection:
 * close}, and the whole takes no longer than the grace; requests still running when the grace ends are cut
 * off, and the stop still ends (a child JVM and all its processes exit). Each test stops a server of its own.
 */
@Timeout(60)
class GracefulStopTest {
    @RegisterExtension
    static final ConformanceServers servers = new ConformanceServers();

    /** Every model that can run many handlers at once (the single event loop runs one at a time). */
    static List<Model> concurrentModels() {
        return Models.every().stream().filter(m -> !m.name().equals("event-loop")).toList();
    }

    /** Requests in flight: fewer under process-per-connection, where each is a JVM of its own. */
    private static int inFlight(Model model) {
        return model.name().equals("process-per-connection") ? 4 : 20;
    }

    /** Settings with room for every request in flight and the idle connections: threads, or live children. */
    private static String[] settings(Model model, Duration grace) {
        int children = 2 * inFlight(model);
        return new String[]{"workers=32,64", "grace=" + grace.toMillis(),
                "processes=" + (model.name().equals("prefork") ? ConformanceServers.PREFORK_WORKERS : children)};
    }

    /**
     * The grace to give: a child JVM's stop ends when it exits, after the JVM's own shutdown and its children's,
     * and a connection child is signalled only once it is a second old, so it needs more than {@code Server.stop()}.
     */
    private static Duration graceFor(Model model, Duration inProcess, Duration childJvm) {
        return model.multiProcess() ? childJvm : inProcess;
    }

    /** How soon a connection the stop ends must close: here, at once; a connection child may be a second old first. */
    private static Duration prompt(Model model) {
        return model.multiProcess() ? Duration.ofSeconds(10) : Duration.ofSeconds(2);
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void inFlightRequestsFinishWithConnectionCloseAndIdleOnesCloseAtOnce(Model model) throws Exception {
        Duration grace = graceFor(model, Duration.ofSeconds(5), Duration.ofSeconds(10));
        ConformanceServer server = servers.startForThisTest(model, settings(model, grace));
        int port = server.port();
        Gate gate = servers.gate();
        List<RawClient> busy = new ArrayList<>();
        for (int i = 0; i < inFlight(model); i++) busy.add(server.raw().send(RawClient.get(gate.path(i))));
        gate.awaitEntered(inFlight(model));
        // Three, or two connection children (each a JVM).
        int idleCount = model.name().equals("process-per-connection") ? 2 : 3;
        List<RawClient> idle = idleConnectionsOnEveryServingProcess(model, server, idleCount);
        List<ProcessHandle> tree = server instanceof ChildJvmServer child
                ? child.jvm().process().toHandle().descendants().toList() : List.of();
        if (server instanceof InProcessServer local) assertThat(local.server().isReady()).isTrue();

        long stopStart = System.nanoTime();
        server.beginStop();
        if (server instanceof InProcessServer local) {
            Await.until("readiness to turn false", () -> !local.server().isReady());
        }
        // A closed idle connection shows that its process drains (its listener closed first). Prefork: there is
        // one on every worker. Process per connection: the parent closes its listener, then signals each child
        // once it is a second old, so the idle children, spawned after the busy ones had started and entered
        // their handlers, are signalled after them.
        for (RawClient client : idle) {
            assertThat(client.closedWithin(prompt(model))).as("idle connection closed promptly").isTrue();
        }
        // Idle connections are closed after accepting stopped: a newcomer is refused now.
        assertThatThrownBy(() -> RawClient.connect(port).close()).as("a newcomer is refused")
                .isInstanceOf(ConnectException.class);
        assertThat(server.awaitStopped(Duration.ZERO)).as("stop waits for the in-flight requests").isFalse();

        gate.release();
        for (int i = 0; i < inFlight(model); i++) {
            RawResponse response = busy.get(i).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("done" + i);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(busy.get(i).closedWithin(Duration.ofSeconds(model.multiProcess() ? 5 : 2))).isTrue();
        }
        assertThat(server.awaitStopped(grace.plusSeconds(5))).as("the stop ends").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).isLessThan(grace);
        if (server instanceof InProcessServer local) assertThat(local.stats().openConnections.get()).isZero();
        if (server instanceof ChildJvmServer child) {
            // The JVM's own handling of SIGTERM ends it, after the stop: 128 + 15.
            assertThat(child.jvm().process().exitValue()).isEqualTo(143);
            Await.until("every worker or child to exit", Duration.ofSeconds(5),
                    () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    /**
     * At least {@code count} idle keep-alive connections, opened after the busy ones, and one on every process
     * that serves: under prefork until every worker holds one (the kernel picks the worker); under
     * process-per-connection each is a child of its own, younger than the busy ones (so {@code count} children,
     * each a JVM start: ask for few).
     */
    private static List<RawClient> idleConnectionsOnEveryServingProcess(Model model, ConformanceServer server,
                                                                         int count) throws Exception {
        int processes = switch (model.name()) {
            case "prefork" -> ConformanceServers.PREFORK_WORKERS;
            case "process-per-connection" -> count;
            default -> 1;
        };
        List<RawClient> idle = new ArrayList<>();
        Set<String> pids = new HashSet<>();
        for (int i = 0; i < 40 && (idle.size() < count || pids.size() < processes); i++) {
            RawClient client = server.raw();
            RawResponse response = client.send(RawClient.get("/pid")).read();
            assertThat(response.closes()).isFalse();
            if (pids.add(response.bodyText()) || idle.size() < count) idle.add(client);
            else client.close();
        }
        assertThat(pids).as("idle connections on every serving process").hasSize(processes);
        return idle;
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void httpClientRequestsInFlightAllSucceed(Model model) throws Exception {
        ConformanceServer server = servers.startForThisTest(model, settings(model, Duration.ofSeconds(5)));
        Gate gate = servers.gate();
        var client = server.httpClient();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < inFlight(model); i++) {
            responses.add(client.sendAsync(server.request(gate.path(i)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        gate.awaitEntered(inFlight(model));
        List<RawClient> idle = idleConnectionsOnEveryServingProcess(model, server, 1);
        server.beginStop();
        if (server instanceof InProcessServer local) {
            Await.until("readiness to turn false", () -> !local.server().isReady());
        }
        // Only once the stop has reached every process that serves (its idle connection closed) may the
        // requests finish: before, they would be answered as if no stop had begun.
        for (RawClient connection : idle) assertThat(connection.closedWithin(prompt(model))).isTrue();
        gate.release();
        for (int i = 0; i < inFlight(model); i++) {
            var response = responses.get(i).get(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("done" + i);
            assertThat(response.headers().firstValue("connection")).hasValue("close");
        }
        assertThat(server.awaitStopped(Duration.ofSeconds(10))).as("the stop ends").isTrue();
    }

    @ParameterizedTest
    @MethodSource("concurrentModels")
    void requestsStillRunningWhenTheGraceEndsAreCutOffAndTheStopEndsInTime(Model model) throws Exception {
        Duration grace = graceFor(model, Duration.ofMillis(500), Duration.ofMillis(1000));
        ConformanceServer server = servers.startForThisTest(model, settings(model, grace));
        Gate gate = servers.gate(); // never released
        RawClient stuck = server.raw().send(RawClient.get(gate.path(0)));
        gate.awaitEntered(1);
        List<ProcessHandle> tree = server instanceof ChildJvmServer child
                ? child.jvm().process().toHandle().descendants().toList() : List.of();

        long stopStart = System.nanoTime();
        server.beginStop();

        assertThat(stuck.closedWithin(prompt(model))).as("closed without an answer").isTrue();
        assertThat(server.awaitStopped(Duration.ofSeconds(15))).as("the stop ends").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - stopStart);
        if (server instanceof InProcessServer) {
            // The grace bounds the stop; a little slack for closing sockets and joining threads. (A child JVM's
            // exit adds the JVM's own shutdown, which is not the server's to bound.)
            assertThat(took).isGreaterThanOrEqualTo(grace).isLessThan(grace.plusMillis(500));
        } else {
            Await.until("every worker or child to exit", Duration.ofSeconds(5),
                    () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void stopIsIdempotentAndANewServerCanTakeOver() throws Exception {
        // Server.stop() itself: an in-process matter.
        Model reactor = Model.named("reactor");
        Server server = ((InProcessServer) servers.startForThisTest(reactor, "grace=1000")).server();
        server.stop();
        server.stop();
        assertThat(server.isReady()).isFalse();
        InProcessServer next = (InProcessServer) servers.startForThisTest(reactor, "grace=1000");
        assertThat(next.raw().send(RawClient.get("/")).read().bodyText()).isEqualTo("ok");
        assertThat(next.server().isReady()).isTrue();
    }
}
