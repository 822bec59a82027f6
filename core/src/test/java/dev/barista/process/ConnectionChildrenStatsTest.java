package dev.barista.process;

import dev.barista.server.ServerSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The process-per-connection parent counts its children; a child answering for the whole server asks the
 * parent over IPC, and each child's counts join the totals when it exits.
 */
class ConnectionChildrenStatsTest {

    @Test
    @Timeout(60)
    void aChildAnswersWithTheParentsViewAndExitedChildrenKeepTheirCounts() throws Exception {
        ConnectionChildren parent = ConnectionChildren.start(ConnectionChildrenLeakTest.parentConfig(), 4,
                StatsTestServer.program("process-per-connection", 4));
        List<HttpProbe> connections = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                HttpProbe connection = new HttpProbe(parent.port());
                connections.add(connection);
                assertThat(connection.get("/pid").status()).isEqualTo(200);
            }
            ServerSnapshot s = parent.snapshot();
            assertThat(s.model()).isEqualTo("process-per-connection");
            assertThat(s.processes()).isEqualTo(4);
            assertThat(s.children().live()).isEqualTo(3);
            assertThat(s.children().max()).isEqualTo(4);
            assertThat(s.children().started()).isEqualTo(3);
            assertThat(s.counters().openConnections()).isEqualTo(3);
            assertThat(s.counters().requests()).as("the children have not reported yet").isZero();
            assertThat(s.eventLoops()).isNull();
            assertThat(s.workerPool()).isNull();

            String whole = connections.getFirst().get("/whole").body();
            assertThat(whole).contains("model=process-per-connection", "partial=false", "processes=4",
                    "live_children=3", "requests=2", "own_requests=2", "loops=none", "pool_threads=none");

            connections.forEach(HttpProbe::close);
            Eventually.until("the children to exit", Duration.ofSeconds(10),
                    () -> parent.snapshot().children().live() == 0);
            Eventually.until("every child's requests counted", Duration.ofSeconds(5),
                    () -> parent.stats().requests.sum() == 4);
            ServerSnapshot after = parent.snapshot();
            assertThat(after.processes()).isEqualTo(1);
            assertThat(after.children().exited()).isEqualTo(3);
            assertThat(after.children().meanLifetimeMillis()).isPositive();
            assertThat(after.counters().acceptedConnections()).isEqualTo(3);
        } finally {
            connections.forEach(HttpProbe::close);
            parent.stop(Duration.ofSeconds(3));
        }
    }
}
