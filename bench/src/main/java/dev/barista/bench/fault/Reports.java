package dev.barista.bench.fault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes a client's report as JSON, to a file or standard output. */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    static void write(Map<String, Object> report, String file) throws IOException {
        if (file == null || file.equals("-")) System.out.println(JSON.writeValueAsString(report));
        else JSON.writeValue(Path.of(file).toFile(), report);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
