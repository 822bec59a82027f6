package dev.barista.process;

import dev.barista.server.StatsSnapshot;

/**
 * One prefork worker as its master sees it.
 *
 * @param pid        its process id
 * @param slot       its place among the N workers (a replacement takes the same slot)
 * @param generation 1 for the first workers, one more for each reload
 * @param ready      listening and serving
 * @param stats      its last report (sent every half second)
 */
public record WorkerStatus(long pid, int slot, long generation, boolean ready, StatsSnapshot stats) {
}
