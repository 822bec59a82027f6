package dev.barista.bench.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polls the server's {@code /stats} every {@code periodMillis} (more often than the script's once a second,
 * so that a short peak is seen) and keeps the highest {@code memory.used_bytes}, when it was seen, and how
 * many samples found it above {@code memory.budget_bytes}.
 */
final class MemorySampler implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI stats;
    private final int periodMillis;
    private final long startNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private long samples;
    private long failedSamples;
    private long budget = -1;
    private long maxUsed = -1;
    private double maxUsedAt;
    private long samplesOverBudget;

    MemorySampler(String host, int port, int periodMillis) {
        this.stats = URI.create("http://" + host + ":" + port + "/stats");
        this.periodMillis = periodMillis;
        this.thread = Thread.ofPlatform().daemon(true).name("memory-sampler").start(this::run);
    }

    private void run() {
        HttpRequest request = HttpRequest.newBuilder(stats).timeout(Duration.ofSeconds(2)).build();
        while (running) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                JsonNode memory = JSON.readTree(response.body()).path("memory");
                long used = memory.path("used_bytes").asLong();
                synchronized (this) {
                    samples++;
                    budget = memory.path("budget_bytes").asLong();
                    if (used > budget) samplesOverBudget++;
                    if (used > maxUsed) {
                        maxUsed = used;
                        maxUsedAt = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                synchronized (this) {
                    failedSamples++;
                }
            }
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }

    synchronized Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("period_ms", periodMillis);
        report.put("samples", samples);
        report.put("failed_samples", failedSamples);
        report.put("budget_bytes", budget);
        report.put("max_used_bytes", maxUsed);
        report.put("max_used_at_s", maxUsedAt);
        report.put("samples_over_budget", samplesOverBudget);
        return report;
    }
}
