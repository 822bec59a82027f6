package dev.barista.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A log record as one JSON object per line, for log shippers: {@code time} (ISO-8601, UTC), {@code level}
 * (System.Logger's names: INFO, WARNING, ERROR...), {@code logger}, {@code thread}, {@code message}, and
 * {@code error} and {@code stack} when a throwable came with it.
 */
final class JsonLogFormatter extends Formatter {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String format(LogRecord r) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.ofEpochMilli(r.getMillis()).toString());
        line.put("level", TextLogFormatter.levelName(r.getLevel()));
        line.put("logger", r.getLoggerName());
        line.put("thread", Thread.currentThread().getName());
        line.put("message", formatMessage(r));
        if (r.getThrown() != null) {
            line.put("error", r.getThrown().toString());
            StringWriter stack = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(stack));
            line.put("stack", stack.toString());
        }
        try {
            return JSON.writeValueAsString(line) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            return "{\"level\":\"ERROR\",\"message\":\"unloggable record\"}" + System.lineSeparator();
        }
    }
}
