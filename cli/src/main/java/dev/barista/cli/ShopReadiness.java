package dev.barista.cli;

import dev.barista.observe.HealthCheck;
import dev.barista.observe.Observability;
import dev.barista.shop.BackendProbe;
import dev.barista.shop.GatewayConfig;

import java.io.IOException;
import java.time.Duration;

/**
 * The gateway's backends as readiness checks, one each: an unreachable product service turns
 * {@code /health/ready} 503 (every search would fail); an unreachable user or inventory service leaves it 200,
 * DEGRADED, as searches still answer without them.
 */
final class ShopReadiness {
    /** Longer than the probe waits for a check (500 ms): the probe's timeout decides, and interrupts it. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private ShopReadiness() {
    }

    static void register(Observability observability, GatewayConfig config) {
        for (BackendProbe backend : BackendProbe.of(config)) {
            observability.readinessCheck(backend.name(), () -> check(backend));
        }
    }

    private static HealthCheck.Result check(BackendProbe backend) {
        try {
            backend.connect(CONNECT_TIMEOUT);
            return HealthCheck.Result.up();
        } catch (IOException e) {
            return backend.required() ? HealthCheck.Result.down(e.getMessage())
                    : HealthCheck.Result.degraded(e.getMessage() + "; searches answer without it");
        }
    }
}
