package dev.barista.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one logger publishes while a test runs (Barista logs through {@link System.Logger}, which the JDK
 * backs with java.util.logging). Close it to detach.
 */
public final class LogRecords implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogRecords(String loggerName) {
        // Held in a field: java.util.logging keeps loggers weakly, and a collected one would lose the handler.
        this.logger = Logger.getLogger(loggerName);
        capture.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    /** Starts capturing what the logger of this class name publishes. */
    public static LogRecords of(Class<?> type) {
        return new LogRecords(type.getName());
    }

    public static LogRecords of(String loggerName) {
        return new LogRecords(loggerName);
    }

    public List<LogRecord> all() {
        return List.copyOf(records);
    }

    /** Records at SEVERE (System.Logger's ERROR). */
    public List<LogRecord> errors() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(capture);
    }
}
