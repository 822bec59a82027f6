package dev.barista.transport.nio;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimerQueueTest {

    @Test
    void runsDueTimersInDeadlineOrderThenScheduleOrder() {
        TimerQueue queue = new TimerQueue();
        List<String> ran = new ArrayList<>();
        queue.schedule(30, () -> ran.add("c"));
        queue.schedule(10, () -> ran.add("a"));
        queue.schedule(10, () -> ran.add("b"));
        queue.schedule(99, () -> ran.add("late"));
        assertThat(queue.runExpired(30)).isEqualTo(3);
        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(queue.millisUntilNext(30)).isEqualTo(1); // 69 ns left rounds up to a millisecond
    }

    @Test
    void aCancelledTimerNeverRunsAndAFiredOneIgnoresCancel() {
        TimerQueue queue = new TimerQueue();
        List<String> ran = new ArrayList<>();
        LoopTimer dead = queue.schedule(10, () -> ran.add("dead"));
        LoopTimer fired = queue.schedule(10, () -> ran.add("fired"));
        dead.cancel();
        queue.runExpired(10);
        fired.cancel();
        assertThat(ran).containsExactly("fired");
        assertThat(queue.size()).isZero();
        assertThat(queue.millisUntilNext(10)).isEqualTo(-1);
    }

    @Test
    void cancelledTimersArePurgedLongBeforeTheirDeadlines() {
        TimerQueue queue = new TimerQueue();
        List<LoopTimer> timers = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) timers.add(queue.schedule(1_000_000_000L + i, () -> { }));
        // A client's request timeouts: nearly every one is cancelled when its response arrives.
        for (int i = 0; i < 99_000; i++) timers.get(i).cancel();
        // 1,000 live timers: the heap holds at most about twice that, not 100,000 dead ones.
        assertThat(queue.size()).isLessThanOrEqualTo(2 * 1_000 + 1_024);
        int[] ran = {0};
        for (int i = 0; i < 10; i++) queue.schedule(5, () -> ran[0]++);
        assertThat(queue.runExpired(5)).isEqualTo(10);
        assertThat(ran[0]).isEqualTo(10);
    }
}
