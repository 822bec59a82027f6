package dev.barista.observe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One registered {@link HealthCheck}, run on a virtual thread of its own with a time limit. At most one run
 * is in progress: a probe that finds one waits on it (with its own time limit) instead of starting another,
 * so a check that hangs holds one thread however often it is probed.
 */
final class TimedCheck {
    private final String name;
    private final HealthCheck check;
    /** The run in progress or the last one, and its thread; guarded by this. */
    private CompletableFuture<HealthCheck.Result> run;
    private Thread runner;

    TimedCheck(String name, HealthCheck check) {
        this.name = name;
        this.check = check;
    }

    String name() {
        return name;
    }

    /** This check's outcome within {@code timeout}; completes on the check's thread or the timeout's. */
    CompletableFuture<HealthReport.Entry> probe(Duration timeout) {
        CompletableFuture<HealthCheck.Result> current;
        Thread thread;
        synchronized (this) {
            if (run == null || run.isDone()) start();
            current = run;
            thread = runner;
        }
        return current.copy() // the timeout ends this probe's wait, not the run others may be waiting on
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(failure -> {
                    if (!(failure instanceof TimeoutException)) return HealthCheck.Result.down(describe(failure));
                    thread.interrupt(); // a check that honours interrupts ends, and the next probe runs it afresh
                    return HealthCheck.Result.down("no answer within " + timeout.toMillis() + " ms");
                })
                .thenApply(result -> new HealthReport.Entry(name, result));
    }

    private void start() {
        CompletableFuture<HealthCheck.Result> result = new CompletableFuture<>();
        run = result;
        runner = Thread.ofVirtual().name("health-check-" + name).start(() -> {
            try {
                HealthCheck.Result answer = check.check();
                result.complete(answer != null ? answer : HealthCheck.Result.down("the check answered null"));
            } catch (Throwable t) {
                result.complete(HealthCheck.Result.down(describe(t)));
                if (t instanceof VirtualMachineError fatal) throw fatal;
            }
        });
    }

    private static String describe(Throwable t) {
        String type = t.getClass().getSimpleName();
        return t.getMessage() == null ? type : type + ": " + t.getMessage();
    }
}
