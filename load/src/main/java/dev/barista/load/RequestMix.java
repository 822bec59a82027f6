package dev.barista.load;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Two classes of request on the same connections: each request is the run's own (<em>fast</em>) target, or with
 * probability {@code slowShare} one of {@code slowTargets} (<em>slow</em>), picked uniformly. The two classes
 * are measured apart, so a fast request delayed behind a slow one shows up in the fast class's percentiles.
 *
 * <p>The choice is a seeded pseudo-random sequence per loop: the same run asks the same mix every time.
 *
 * @param slowTargets request targets (path and query) of the slow class
 * @param slowShare   the share of requests that are slow, in [0, 1]
 * @param seed        where each loop's sequence starts (plus the loop's index)
 */
public record RequestMix(List<String> slowTargets, double slowShare, long seed) {
    public static final String FAST = "fast";
    public static final String SLOW = "slow";

    public RequestMix {
        slowTargets = List.copyOf(slowTargets);
        if (slowTargets.isEmpty()) throw new IllegalArgumentException("a mix needs at least one slow target");
        if (!(slowShare >= 0 && slowShare <= 1)) throw new IllegalArgumentException("slowShare must be in [0, 1]");
    }

    /** The next request of one loop's sequence: -1 for the fast target, else the index of a slow target. */
    int next(SplittableRandom random) {
        if (random.nextDouble() >= slowShare) return -1;
        return random.nextInt(slowTargets.size());
    }
}
