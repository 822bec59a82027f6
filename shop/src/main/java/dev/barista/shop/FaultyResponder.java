package dev.barista.shop;

import dev.barista.handler.AsyncHandler;
import dev.barista.handler.Handler;
import dev.barista.handler.Request;
import dev.barista.http.Response;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Answers a backend's requests through its {@link Faults}: after the drawn delay, the real answer, an injected
 * error (500 or 503), or, for a hang, nothing until the hang is over. On a non-blocking route the wait is a loop
 * timer (the loop serves others meanwhile); on a blocking route (JDBC) it is a sleep on the worker thread,
 * which the worker pool bounds.
 */
final class FaultyResponder {
    private final Faults faults;
    private final LoopTimers timers;
    private final InFlight inFlight;

    FaultyResponder(Faults faults, LoopTimers timers, InFlight inFlight) {
        this.faults = faults;
        this.timers = timers;
        this.inFlight = inFlight;
    }

    /** For a handler that never blocks: it runs when the delay is over, on the loop's timer. */
    AsyncHandler nonBlocking(Handler answer) {
        return request -> {
            inFlight.enter();
            Faults.Outcome outcome = faults.draw();
            long wait = faults.waitNanos(outcome);
            CompletableFuture<Response> result = new CompletableFuture<>();
            Runnable respond = () -> {
                try {
                    result.complete(respond(outcome, answer, request));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    inFlight.exit();
                }
            };
            if (wait == 0) respond.run();
            else timers.schedule(wait, respond);
            return result;
        };
    }

    /** For a handler that blocks anyway (JDBC): the delay is a sleep on its worker thread. */
    Handler blocking(Handler answer) {
        return request -> {
            inFlight.enter();
            try {
                Faults.Outcome outcome = faults.draw();
                long wait = faults.waitNanos(outcome);
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                return respond(outcome, answer, request);
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt(); // the server is stopping its workers: no answer is expected
                return Response.error(503, "stopping");
            } finally {
                inFlight.exit();
            }
        };
    }

    private static Response respond(Faults.Outcome outcome, Handler answer, Request request) throws Exception {
        return switch (outcome) {
            case ANSWER -> answer.handle(request);
            case ERROR -> ThreadLocalRandom.current().nextBoolean()
                    ? Response.error(500, "injected failure") : Response.error(503, "injected failure");
            case HANG -> Response.error(503, "injected hang is over");
        };
    }
}
