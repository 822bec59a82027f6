package dev.barista.cli;

import dev.barista.shop.Delay;
import dev.barista.shop.Durations;
import dev.barista.shop.Faults;
import picocli.CommandLine.Option;

/** A backend's injected latency and failures, as options shared by {@code barista shop user|product|inventory}. */
final class FaultOptions {
    @Option(names = "--latency", defaultValue = "0",
            description = "Delay before each answer: 0, 20ms, uniform:10ms-30ms or exp:20ms (default: ${DEFAULT-VALUE}).")
    String latency;

    @Option(names = "--error-rate", defaultValue = "0",
            description = "Share of requests answered 500/503, 0..1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--timeout-rate", defaultValue = "0",
            description = "Share of requests that hang (no answer for --hang), 0..1 (default: ${DEFAULT-VALUE}).")
    double timeoutRate;

    @Option(names = "--hang", defaultValue = "30s",
            description = "How long a hanging request stays unanswered (default: ${DEFAULT-VALUE}).")
    String hang;

    Faults faults() {
        return new Faults(Delay.parse(latency), errorRate, timeoutRate, Durations.parse(hang));
    }
}
