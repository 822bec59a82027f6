package dev.barista.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void aFreshPoolWithNoQueueTakesItsFirstTask() throws Exception {
        // Right after the start its thread may not be waiting for work yet: it is free all the same.
        for (int i = 0; i < 200; i++) {
            WorkerPool pool = new WorkerPool("fresh", 1, 0);
            try {
                CountDownLatch ran = new CountDownLatch(1);
                pool.execute(ran::countDown);
                assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            } finally {
                pool.shutdown(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void aThreadIsFreeTheMomentItsTaskEnds() throws Exception {
        WorkerPool pool = new WorkerPool("back-to-back", 1, 0);
        try {
            for (int i = 1; i <= 2_000; i++) {
                pool.execute(() -> { });
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (pool.completed() < i && System.nanoTime() < deadline) Thread.onSpinWait();
                assertThat(pool.completed()).isEqualTo(i);
            }
            assertThat(pool.rejected()).isZero();
        } finally {
            pool.shutdown(Duration.ofSeconds(1));
        }
    }

    @Test
    void beyondTheThreadsAndTheQueueATaskIsRefusedAtOnce() throws Exception {
        WorkerPool pool = new WorkerPool("full", 2, 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(3);
        Runnable hold = () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
        };
        try {
            pool.execute(hold);
            pool.execute(hold);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            pool.execute(hold); // waits in the queue
            assertThatThrownBy(() -> pool.execute(hold)).isInstanceOf(RejectedExecutionException.class);
            assertThat(pool.active()).isEqualTo(2);
            assertThat(pool.queued()).isEqualTo(1);
            assertThat(pool.rejected()).isEqualTo(1);

            release.countDown();
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pool.completed() < 3 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(pool.completed()).isEqualTo(3);
            pool.execute(() -> { }); // room again
        } finally {
            release.countDown();
            pool.shutdown(Duration.ofSeconds(1));
        }
    }
}
