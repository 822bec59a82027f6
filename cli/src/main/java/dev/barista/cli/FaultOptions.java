package dev.barista.cli;

import dev.barista.shop.Delay;
import dev.barista.shop.Faults;
import picocli.CommandLine.Option;

import java.time.Duration;

/** A backend's injected latency and failures, as options shared by {@code barista shop user|product|inventory}. */
final class FaultOptions {
    @Option(names = "--latency", defaultValue = "0", converter = DelayConverter.class,
            description = "Delay before each answer: 0, 20ms, uniform:10ms-30ms or exp:20ms (default: ${DEFAULT-VALUE}).")
    Delay latency;

    @Option(names = "--error-rate", converter = NumberRanges.Share.class, defaultValue = "0",
            description = "Share of requests answered 500/503, 0..1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--timeout-rate", converter = NumberRanges.Share.class, defaultValue = "0",
            description = "Share of requests that hang (no answer for --hang), 0..1 (default: ${DEFAULT-VALUE}).")
    double timeoutRate;

    @Option(names = "--hang", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a hanging request stays unanswered (default: ${DEFAULT-VALUE}).")
    Duration hang;

    Faults faults() {
        return new Faults(latency, errorRate, timeoutRate, hang);
    }
}
