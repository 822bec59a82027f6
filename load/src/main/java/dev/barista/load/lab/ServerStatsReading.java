package dev.barista.load.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fields the lab reads from Barista's {@code GET /stats} JSON (StatsRoutes, snake_case ServerSnapshot):
 * requests counted, connections refused (each answered 503 without its request being read), processes, platform and virtual threads, carriers. Null where the server did not answer.
 */
record ServerStatsReading(long requests, long refusedConnections, int processes, int platformThreads,
                          int virtualThreads, int carriers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ServerStatsReading parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode threads = root.path("threads");
            JsonNode carriers = threads.path("carriers");
            JsonNode counters = root.path("counters");
            return new ServerStatsReading(counters.path("requests").asLong(-1),
                    counters.path("refused_connections").asLong(0), root.path("processes").asInt(-1), threads.path("platform").asInt(-1),
                    threads.path("virtual_live").asInt(-1), carriers.isMissingNode() ? 0 : carriers.path("pool_size").asInt(0));
        } catch (Exception e) {
            return null;
        }
    }
}
