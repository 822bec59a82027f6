package dev.barista.shop;

import dev.barista.http.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One search in progress: the explicit request context every style carries from step to step. It holds the
 * query, the request's backends, the response to complete, and how to abandon whatever is still running.
 *
 * <p>The first {@link #finish} wins (a result, a failure, or the deadline); it then cancels every call, future
 * and thread registered with {@link #cancelOnFinish}: a sibling whose result can no longer be used is not left
 * running. Later finishes are ignored. Any thread.
 */
final class SearchExchange {
    private final SearchQuery query;
    private final ShopUpstreams upstreams;
    private final CompletableFuture<Response> response = new CompletableFuture<>();
    /** Guarded by this; null once finished. */
    private List<Runnable> cancellers = new ArrayList<>(4);
    private volatile Runnable cancelDeadline;

    SearchExchange(SearchQuery query, ShopUpstreams upstreams) {
        this.query = query;
        this.upstreams = upstreams;
    }

    SearchQuery query() {
        return query;
    }

    ShopUpstreams upstreams() {
        return upstreams;
    }

    CompletionStage<Response> response() {
        return response;
    }

    /** Answers 504 if the search is still running after {@code nanos}. */
    void deadline(LoopTimers timers, long nanos) {
        cancelDeadline = timers.schedule(nanos, () -> finish(SearchAnswer.deadlineExceeded()));
        if (response.isDone()) cancelDeadline.run(); // finished before the timer existed
    }

    /** Registers how to abandon a call; runs it at once if the search has already finished. */
    void cancelOnFinish(Runnable cancel) {
        synchronized (this) {
            if (cancellers != null) {
                cancellers.add(cancel);
                return;
            }
        }
        cancel.run();
    }

    /**
     * Lets the calling thread be interrupted when the search finishes (the deadline, a failed sibling), until the
     * returned handle is closed. For a pool thread that must not be interrupted after it moved on: closing takes
     * the same lock as {@link #finish}, so no interrupt can arrive after it, and clears one that did.
     */
    Interruptible interruptOnFinish() {
        Thread thread = Thread.currentThread();
        Runnable interrupt = thread::interrupt;
        cancelOnFinish(interrupt);
        return () -> {
            synchronized (this) {
                if (cancellers != null) cancellers.remove(interrupt);
            }
            Thread.interrupted();
        };
    }

    interface Interruptible extends AutoCloseable {
        @Override
        void close();
    }

    /** Completes the search with {@code answer} unless it is already complete, and abandons what still runs. */
    void finish(Response answer) {
        synchronized (this) {
            if (cancellers == null) return;
            List<Runnable> running = cancellers;
            cancellers = null; // first: a cancel may complete a callback that finishes again, and must find it done
            // Under the lock, so that a thread that leaves interruptOnFinish is never interrupted afterwards.
            // Every canceller is short and non-blocking (a call's cancel hands off to its loop).
            for (Runnable cancel : running) cancel.run();
        }
        Runnable deadline = cancelDeadline;
        if (deadline != null) deadline.run();
        response.complete(answer);
    }

    /** Completes the search with the answer the failure policy gives for {@code failure}. */
    void fail(Throwable failure) {
        finish(SearchAnswer.failure(failure));
    }
}
