package dev.barista.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.logging.Level;

/** {@code --log-level}: System.Logger's level names, mapped to the java.util.logging levels the JDK routes them to. */
enum LogLevel {
    OFF(Level.OFF), ERROR(Level.SEVERE), WARNING(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE),
    TRACE(Level.FINER);

    private final Level level;

    LogLevel(Level level) {
        this.level = level;
    }

    Level julLevel() {
        return level;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static final class Converter implements CommandLine.ITypeConverter<LogLevel>, Iterable<String> {
        @Override
        public LogLevel convert(String value) {
            for (LogLevel l : values()) if (l.label().equals(value.trim().toLowerCase(Locale.ROOT))) return l;
            throw new CommandLine.TypeConversionException("unknown log level '" + value + "'; valid: "
                    + String.join(", ", this));
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(LogLevel::label).iterator();
        }
    }
}
