package dev.barista.process;

import dev.barista.server.ServerSnapshot;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A prefork worker's questions to its master for the whole server's snapshot, each waiting for its answer.
 * An answer completes its question on the worker's IPC reader thread; a question still unanswered after
 * the timeout (a master busy restarting workers, or gone) completes with the worker's own snapshot marked
 * partial, so a {@code /stats} request never hangs on IPC. Any thread.
 */
final class SnapshotQueries {
    private final Map<Long, CompletableFuture<ServerSnapshot>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration timeout;
    private final Supplier<ServerSnapshot> own;

    /** @param own this worker's own snapshot: the answer when the master's does not come in time */
    SnapshotQueries(Duration timeout, Supplier<ServerSnapshot> own) {
        this.timeout = timeout;
        this.own = own;
    }

    /** Asks: {@code send} must post the question's id to the master without blocking. */
    CompletionStage<ServerSnapshot> ask(LongConsumer send) {
        long id = ids.incrementAndGet();
        CompletableFuture<ServerSnapshot> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        send.accept(id);
        return answer.completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS).thenApply(whole -> {
            waiting.remove(id);
            return whole != null ? whole : own.get().asPartial();
        });
    }

    /** The master's answer to question {@code id}; a late one (already timed out) is dropped. */
    void answered(long id, ServerSnapshot whole) {
        CompletableFuture<ServerSnapshot> answer = waiting.remove(id);
        if (answer != null) answer.complete(whole);
    }

    /** Questions still waiting (for tests). */
    int waiting() {
        return waiting.size();
    }
}
