package dev.barista.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tiny lab end to end: two models as separate server processes, one workload, 20 connections, about two
 * seconds a cell; then the report's numbers are checked for presence and consistency.
 *
 * <p>The counting boundary: the server's count is its {@code /stats} request delta from just before the load
 * starts (warm-up included) to just after it ends, minus the lab's own {@code /stats} requests in between; the
 * load generator's whole-run totals cover the same span. Every response the load received was counted by the
 * server, and the server counted nothing that was not sent: completed <= server count <= sent.
 */
class LabCommandTest {

    @Test
    void aTinyLabWritesAConsistentReport(@TempDir Path out) throws Exception {
        int exit = BaristaCommand.commandLine(Map.of()).execute("lab", "--models", "reactor,virtual-threads",
                "--workloads", "plaintext", "--connections", "20", "--warmup", "0.5", "--duration", "1.5",
                "--no-pin", "--port", "0", "--out", out.toString());
        assertThat(exit).isZero();

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode cells = results.path("cells");
        assertThat(cells).hasSize(2);
        List<String> targets = new ArrayList<>();
        for (JsonNode c : cells) {
            targets.add(c.path("target").asText());
            assertThat(c.path("status").asText()).isEqualTo("OK");
            JsonNode load = c.path("load");
            long requests = load.path("requests").asLong();
            long completed = load.path("completed").asLong();
            long sent = load.path("sent").asLong();
            long server = c.path("server_requests").asLong();
            assertThat(requests).isPositive().isLessThanOrEqualTo(completed);
            assertThat(load.path("error_total").asLong()).isZero();
            assertThat(server).isBetween(completed, sent);
            assertThat(c.path("counts_match").asBoolean()).isTrue();
            assertThat(load.path("requests_per_second").asDouble())
                    .isCloseTo(requests / load.path("measured_seconds").asDouble(), org.assertj.core.data.Offset.offset(0.5));
            assertThat(load.path("latency").path("p99").asDouble()).isPositive();
            assertThat(c.path("rss_mb").asDouble()).isPositive();
            assertThat(c.path("processes").asInt()).isEqualTo(1);
            assertThat(c.path("os_threads").asInt()).isPositive();
            assertThat(c.path("platform_threads").asInt()).isPositive();
            assertThat(c.path("cpu_seconds").asDouble()).isPositive();
        }
        assertThat(targets).containsExactly("reactor", "virtual-threads");
        // Under virtual-threads each of the 20 connections is served by a virtual thread of its own.
        assertThat(cells.get(1).path("virtual_threads").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(cells.get(1).path("carriers").asInt()).isPositive();

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg", "plaintext: throughput", "reactor", "virtual-threads", "Commit", "Kernel")
                .doesNotContain("src=\"http", "href=\"http", "@import", "<script"); // nothing fetched: viewable offline
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md.lines().filter(l -> l.startsWith("| reactor | plaintext | 20 |"))).hasSize(1);
    }
}
