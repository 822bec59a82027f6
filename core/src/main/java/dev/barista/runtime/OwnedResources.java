package dev.barista.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transport started beside its connections (a worker pool, the threads that serve connections) and
 * stops after them. Each one gets what is left of the stop's grace, so a stop returns within its grace.
 */
public final class OwnedResources {
    private static final System.Logger LOG = System.getLogger(OwnedResources.class.getName());

    /** Stops within the time it is given; past it, whatever still runs is cut off. */
    @FunctionalInterface
    public interface Stoppable {
        void stop(Duration left) throws InterruptedException;
    }

    private final List<Stoppable> resources = new ArrayList<>();

    public void add(Stoppable resource) {
        resources.add(resource);
    }

    /** Stops each resource in the order added, sharing what remains until {@code deadlineNanos}. */
    public void stopAll(long deadlineNanos) throws InterruptedException {
        for (Stoppable resource : resources) {
            try {
                resource.stop(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "stop failed", e);
            }
        }
    }
}
