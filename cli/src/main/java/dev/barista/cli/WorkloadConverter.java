package dev.barista.cli;

import dev.barista.load.lab.Workload;

import java.util.Iterator;

/** The names {@code lab --workloads} takes, for its help ({@code search-styles} stands for eight). */
final class WorkloadConverter implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Workload.names().iterator();
    }
}
