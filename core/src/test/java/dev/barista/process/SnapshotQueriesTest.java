package dev.barista.process;

import dev.barista.server.ServerSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's stats query gets the master's answer, or its own numbers marked partial when none comes. */
class SnapshotQueriesTest {
    private final List<Long> sent = new ArrayList<>();
    private final SnapshotQueries queries = new SnapshotQueries(Duration.ofMillis(100), () -> IpcMessageTest.FULL);

    @Test
    void theMastersAnswerCompletesTheQuery() throws Exception {
        CompletableFuture<ServerSnapshot> answer = queries.ask(sent::add).toCompletableFuture();
        assertThat(sent).hasSize(1);
        assertThat(answer).isNotDone();

        queries.answered(sent.getFirst(), IpcMessageTest.BARE);
        assertThat(answer.get(1, TimeUnit.SECONDS)).isEqualTo(IpcMessageTest.BARE);
        assertThat(queries.waiting()).isZero();
    }

    @Test
    void withoutAnAnswerTheWorkersOwnNumbersComeMarkedPartial() throws Exception {
        ServerSnapshot own = queries.ask(sent::add).toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(own.partial()).isTrue();
        assertThat(own).isEqualTo(IpcMessageTest.FULL.asPartial());
        assertThat(queries.waiting()).isZero();

        queries.answered(sent.getFirst(), IpcMessageTest.BARE); // too late: dropped
        assertThat(queries.waiting()).isZero();
    }

    @Test
    void answersGoToTheirOwnQuestions() throws Exception {
        CompletableFuture<ServerSnapshot> first = queries.ask(sent::add).toCompletableFuture();
        CompletableFuture<ServerSnapshot> second = queries.ask(sent::add).toCompletableFuture();
        queries.answered(sent.get(1), IpcMessageTest.BARE);
        assertThat(second.get(1, TimeUnit.SECONDS)).isEqualTo(IpcMessageTest.BARE);
        assertThat(first.get(1, TimeUnit.SECONDS).partial()).isTrue();
    }
}
