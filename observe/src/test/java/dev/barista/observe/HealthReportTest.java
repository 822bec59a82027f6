package dev.barista.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A health body is valid JSON whatever a check's name or reason holds; its status is the worst of its checks',
 * and only DOWN answers 503.
 */
class HealthReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"plain", "quote \" inside", "back\\slash", "new\nline", "tab\tand\rreturn",
            "control \u0001\u001f", "unicode é ☕ \uD83D\uDE00", ""})
    void anyReasonIsEscaped(String reason) throws Exception {
        HealthReport report = new HealthReport(List.of(
                new HealthReport.Entry("server", HealthCheck.Result.up()),
                new HealthReport.Entry("name \"" + reason + "\"", HealthCheck.Result.down(reason))));
        JsonNode body = JSON.readTree(report.json());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("checks").get(1).get("reason").asText()).isEqualTo(reason);
        assertThat(body.get("checks").get(1).get("name").asText()).isEqualTo("name \"" + reason + "\"");
        assertThat(body.get("checks").get(0).has("reason")).as("an UP check has no reason").isFalse();
        assertThat(report.response().status()).isEqualTo(503);
    }

    @Test
    void theWorstStatusWins() {
        HealthReport.Entry up = new HealthReport.Entry("a", HealthCheck.Result.up());
        HealthReport.Entry degraded = new HealthReport.Entry("b", HealthCheck.Result.degraded("optional"));
        HealthReport.Entry down = new HealthReport.Entry("c", HealthCheck.Result.down("required"));
        assertThat(new HealthReport(List.of(up)).status()).isEqualTo(HealthCheck.Status.UP);
        assertThat(new HealthReport(List.of(up, degraded)).status()).isEqualTo(HealthCheck.Status.DEGRADED);
        assertThat(new HealthReport(List.of(down, degraded, up)).status()).isEqualTo(HealthCheck.Status.DOWN);
        assertThat(new HealthReport(List.of(up, degraded)).response().status()).isEqualTo(200);
        assertThat(new HealthReport(List.of(degraded, down)).response().status()).isEqualTo(503);
    }
}
