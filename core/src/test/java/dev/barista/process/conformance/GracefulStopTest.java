package dev.barista.process.conformance;

import dev.barista.model.Model;
import dev.barista.process.ChildJvm;
import dev.barista.testing.Await;
import dev.barista.testing.Models;
import dev.barista.testing.RawClient;
import dev.barista.testing.RawResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SIGTERM to a multi-process server's JVM is a graceful stop, as {@code dev.barista.server.GracefulStopTest}
 * checks {@code Server.stop()} in-process: accepting stops, idle connections close at once, requests in flight
 * finish and are answered with {@code Connection: close}, then every process exits; requests still running
 * when the grace ends are cut off, and the stop still ends. Each test stops its own server.
 */
@Timeout(60)
class GracefulStopTest {
    private static final int IN_FLIGHT = 4;

    @TempDir
    Path gates;

    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(RawClient::close);
    }

    private RawClient connect(ChildJvm server) throws Exception {
        RawClient client = RawClient.connect(server.port());
        clients.add(client);
        return client;
    }

    /** Enough live children for the in-flight connections and the idle ones. */
    private static int processes(Model model) {
        return model.name().equals("prefork") ? ServerProcesses.PREFORK_WORKERS : 2 * IN_FLIGHT;
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void sigtermLetsInFlightRequestsFinishClosesIdleConnectionsAndExits(Model model) throws Exception {
        try (ChildJvm server = ChildJvm.start(model.name(), processes(model), List.of(Gate.setting(gates), "grace=10000"))) {
            Gate gate = new Gate(gates);
            List<RawClient> busy = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) busy.add(connect(server).send(RawClient.get(gate.path(i))));
            gate.awaitEntered(IN_FLIGHT);
            List<RawClient> idle = idleConnectionsOnEveryServingProcess(model, server);
            List<ProcessHandle> tree = server.process().toHandle().descendants().toList();

            server.process().destroy(); // SIGTERM

            // A closed idle connection shows that its process drains (its listener closed first). Prefork: there
            // is one on every worker. Process per connection: the parent closes its listener, then signals each
            // child once it is a second old, so the idle children, spawned after the busy ones had started and
            // entered their handlers, are signalled after them.
            for (RawClient client : idle) {
                assertThat(client.closedWithin(Duration.ofSeconds(10))).as("idle connection closed promptly").isTrue();
            }
            assertThatThrownBy(() -> RawClient.connect(server.port()).close()).as("a newcomer is refused")
                    .isInstanceOf(ConnectException.class);
            assertThat(server.process().isAlive()).as("the stop waits for the requests in flight").isTrue();

            gate.release();
            for (int i = 0; i < IN_FLIGHT; i++) {
                RawResponse response = busy.get(i).read();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("done" + i);
                assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
                assertThat(busy.get(i).closedWithin(Duration.ofSeconds(5))).isTrue();
            }
            assertThat(server.awaitExit(Duration.ofSeconds(15))).as("the server exits").isTrue();
            // The JVM's own handling of SIGTERM ends it, after the stop: 128 + 15.
            assertThat(server.process().exitValue()).isEqualTo(143);
            Await.until("every worker or child to exit", Duration.ofSeconds(5),
                    () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    /**
     * Idle keep-alive connections, opened after the busy ones: under prefork until every worker holds one
     * (the kernel picks the worker), under process-per-connection two children younger than the busy ones.
     */
    private List<RawClient> idleConnectionsOnEveryServingProcess(Model model, ChildJvm server) throws Exception {
        List<RawClient> idle = new ArrayList<>();
        Set<String> pids = new HashSet<>();
        int wanted = model.name().equals("prefork") ? ServerProcesses.PREFORK_WORKERS : 2;
        for (int i = 0; i < 40 && pids.size() < wanted; i++) {
            RawClient client = connect(server);
            RawResponse response = client.send(RawClient.get("/pid")).read();
            assertThat(response.closes()).isFalse();
            if (pids.add(response.bodyText())) idle.add(client);
            else client.close();
        }
        assertThat(pids).as("idle connections on distinct processes").hasSize(wanted);
        return idle;
    }

    @ParameterizedTest
    @MethodSource(Models.MULTI_PROCESS)
    void requestsStillRunningWhenTheGraceEndsAreCutOffAndTheServerStillExits(Model model) throws Exception {
        try (ChildJvm server = ChildJvm.start(model.name(), processes(model), List.of(Gate.setting(gates), "grace=1000"))) {
            Gate gate = new Gate(gates); // never released
            RawClient stuck = connect(server).send(RawClient.get(gate.path(0)));
            gate.awaitEntered(1);
            List<ProcessHandle> tree = server.process().toHandle().descendants().toList();

            server.process().destroy(); // SIGTERM

            assertThat(stuck.closedWithin(Duration.ofSeconds(10))).as("closed without an answer").isTrue();
            assertThat(server.awaitExit(Duration.ofSeconds(15))).as("the server exits").isTrue();
            Await.until("every worker or child to exit", Duration.ofSeconds(5),
                    () -> tree.stream().noneMatch(ProcessHandle::isAlive));
        }
    }
}
