package dev.barista.cli;

import dev.barista.load.lab.Workload;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;

/** Turns {@code lab --workloads NAME,...} into workloads; an unknown name lists the valid ones. */
final class WorkloadConverter implements CommandLine.ITypeConverter<Workload>, Iterable<String> {
    @Override
    public Workload convert(String value) {
        try {
            return Workload.named(value.trim());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Workload.values()).map(Workload::label).iterator();
    }
}
