package dev.barista.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** A log record as one line of text (time, level, thread, logger, message), its stack trace below it. */
final class TextLogFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160).append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                .append(levelName(r.getLevel())).append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(r.getLoggerName()).append(": ").append(formatMessage(r)).append(System.lineSeparator());
        if (r.getThrown() != null) {
            StringWriter stack = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(stack));
            b.append(stack);
        }
        return b.toString();
    }

    /** System.Logger's level names (the JDK maps ERROR to SEVERE, DEBUG to FINE, TRACE to FINER). */
    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) return "ERROR";
        if (v >= Level.WARNING.intValue()) return "WARNING";
        if (v >= Level.INFO.intValue()) return "INFO";
        if (v >= Level.FINE.intValue()) return "DEBUG";
        return "TRACE";
    }
}
